/**
 * The local folder: a native picker when the host has one (Electron), and always a text field
 * (the e2e browser bridge has no native dialog, so its command fails or returns null).
 */
import { useState } from 'react';
import { Button, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { useCommand } from '../api/use-command';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-start' },
  field: { flex: 1 },
  // Line the button up with the input, below the label.
  button: { marginTop: '26px' },
});

export function LocalPathField(props: {
  label: string;
  value: string;
  onChange: (path: string) => void;
  error?: string | null;
  testId?: string;
}) {
  const styles = useStyles();
  const { run, pending } = useCommand({ silent: true });
  const [noPicker, setNoPicker] = useState(false);

  const browse = async () => {
    const result = await run('dialog:chooseDirectory', { defaultPath: props.value.trim() || null });
    if (!result.ok) return setNoPicker(true);
    if (result.value !== null) props.onChange(result.value);
  };

  const message = props.error ?? (noPicker ? 'The folder picker is not available here: type the full path.' : undefined);
  return (
    <div className={styles.row}>
      <Field
        className={styles.field}
        label={props.label}
        required
        validationState={props.error ? 'error' : noPicker ? 'warning' : 'none'}
        validationMessage={message}
        hint="The folder on this computer that receives the files. A typed folder, or one that already has files, is confirmed in a system dialog."
      >
        <Input
          value={props.value}
          onChange={(_e, d) => props.onChange(d.value)}
          placeholder="/home/you/OneDrive"
          data-testid={props.testId ?? 'local-path'}
        />
      </Field>
      <Button className={styles.button} onClick={() => void browse()} disabled={pending} data-testid="choose-directory">
        Browse…
      </Button>
    </div>
  );
}
