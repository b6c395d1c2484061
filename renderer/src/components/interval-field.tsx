import { Field, Input } from '@fluentui/react-components';

/** Why a typed interval is not acceptable (whole minutes, 1 to a week), or null. */
export function intervalError(value: string): string | null {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 1 || n > 10080) return 'Enter whole minutes from 1 to 10080 (one week).';
  return null;
}

export function IntervalField(props: { value: string; onChange: (value: string) => void; error: string | null; label?: string }) {
  return (
    <Field
      label={props.label ?? 'Sync every (minutes)'}
      required
      validationState={props.error ? 'error' : 'none'}
      validationMessage={props.error ?? undefined}
    >
      <Input
        type="number"
        min={1}
        max={10080}
        value={props.value}
        onChange={(_e, d) => props.onChange(d.value)}
        data-testid="interval"
      />
    </Field>
  );
}
