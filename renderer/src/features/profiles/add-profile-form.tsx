import { useState, type FormEvent } from 'react';
import { Button, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { useCommand } from '../../api/use-command';

const useStyles = makeStyles({
  form: { display: 'flex', alignItems: 'flex-end', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

/** Names a new local profile; signing in comes next with Connect. */
export function AddProfileForm({ onDone }: { onDone: (profileId: string | null) => void }) {
  const styles = useStyles();
  const { run, pending } = useCommand();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return setError('Give the account a name, for example “Work” or “Personal”.');
    if (trimmed.length > 80) return setError('Use at most 80 characters.');
    const result = await run('profile:add', { name: trimmed });
    if (result.ok) onDone(result.value.id);
  };

  return (
    <form
      className={styles.form}
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-label="Add account"
      data-testid="add-profile-form"
    >
      <Field label="Account name" validationMessage={error ?? undefined} validationState={error ? 'error' : 'none'}>
        <Input
          value={name}
          onChange={(_e, d) => {
            setName(d.value);
            setError(null);
          }}
          placeholder="Work"
          autoFocus
          data-testid="profile-name"
        />
      </Field>
      <Button type="submit" appearance="primary" disabled={pending} data-testid="profile-add-submit">
        Add
      </Button>
      <Button onClick={() => onDone(null)}>Cancel</Button>
    </form>
  );
}
