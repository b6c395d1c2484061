/** Change a sync's interval or local folder (also how "Locate folder" works without a native picker). */
import { useState, type FormEvent } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { SyncView } from '../../../../shared/model';
import { useCommand } from '../../api/use-command';
import { IntervalField, intervalError } from '../../components/interval-field';
import { LocalPathField } from '../../components/local-path-field';
import { localPathError } from '../../lib/paths';
import { InlineError } from '../../components/inline-error';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

export function EditSyncDialog({ sync, onClose }: { sync: SyncView; onClose: () => void }) {
  const styles = useStyles();
  const { run, pending } = useCommand({ silent: true });
  const [localPath, setLocalPath] = useState(sync.localPath);
  const [interval, setMinutes] = useState(String(sync.intervalMinutes));
  const [submitted, setSubmitted] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pathError = localPathError(localPath);
  const minutesError = intervalError(interval);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (pathError || minutesError) return;
    const input: { id: string; intervalMinutes?: number; localPath?: string } = { id: sync.id };
    if (Number(interval) !== sync.intervalMinutes) input.intervalMinutes = Number(interval);
    if (localPath.trim() !== sync.localPath) input.localPath = localPath.trim();
    if (input.intervalMinutes === undefined && input.localPath === undefined) return onClose();
    const result = await run('sync:update', input);
    if (result.ok) onClose();
    // Declined in main's confirmation dialog: the user said no there, nothing to report.
    else if (result.error.code !== 'cancelled') setError(result.error.message);
  };

  return (
    <Dialog open onOpenChange={(_e, d) => !d.open && onClose()}>
      <DialogSurface data-testid="edit-sync-dialog">
        <form onSubmit={(e) => void submit(e)} noValidate>
          <DialogBody>
            <DialogTitle>Edit {sync.itemName}</DialogTitle>
            <DialogContent className={styles.content}>
              <InlineError message={error} />
              <LocalPathField
                label="Local folder"
                value={localPath}
                onChange={setLocalPath}
                error={submitted ? pathError : null}
                testId="edit-local-path"
              />
              <IntervalField value={interval} onChange={setMinutes} error={submitted ? minutesError : null} />
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose}>Cancel</Button>
              <Button type="submit" appearance="primary" disabled={pending}>
                Save
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
