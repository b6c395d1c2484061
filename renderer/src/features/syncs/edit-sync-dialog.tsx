/**
 * Change a sync's interval, local folder (also how "Locate folder" works without a native picker) or what it leaves
 * out. Newly excluded files stay on disk, no longer mirrored; newly included ones arrive on the next run.
 */
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
import type { Exclusions, SyncView } from '../../../../shared/model';
import { ExclusionsFields } from '../browse/exclusions-fields';
import { exclusionsDraft, readExclusionsDraft, sameExclusions } from '../browse/exclusions-logic';
import { useCommand } from '../../api/use-command';
import { IntervalField, intervalError } from '../../components/interval-field';
import { LocalPathField } from '../../components/local-path-field';
import { localPathError } from '../../lib/paths';
import { InlineError } from '../../components/inline-error';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  surface: { maxWidth: '640px', width: '100%' },
});

export function EditSyncDialog({ sync, onClose }: { sync: SyncView; onClose: () => void }) {
  const styles = useStyles();
  const { run, pending } = useCommand({ silent: true });
  const [localPath, setLocalPath] = useState(sync.localPath);
  const [interval, setMinutes] = useState(String(sync.intervalMinutes));
  const [submitted, setSubmitted] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [draft, setDraft] = useState(() => exclusionsDraft(sync.exclusions));
  const pathError = localPathError(localPath);
  const minutesError = intervalError(interval);
  const read = readExclusionsDraft(draft);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (pathError || minutesError || !read.exclusions) return;
    const input: { id: string; intervalMinutes?: number; localPath?: string; exclusions?: Exclusions } = { id: sync.id };
    if (Number(interval) !== sync.intervalMinutes) input.intervalMinutes = Number(interval);
    if (localPath.trim() !== sync.localPath) input.localPath = localPath.trim();
    if (!sameExclusions(read.exclusions, sync.exclusions)) input.exclusions = read.exclusions;
    if (Object.keys(input).length === 1) return onClose();
    const result = await run('sync:update', input);
    if (result.ok) onClose();
    // Declined in main's confirmation dialog: the user said no there, nothing to report.
    else if (result.error.code !== 'cancelled') setError(result.error.message);
  };

  return (
    <Dialog open onOpenChange={(_e, d) => !d.open && onClose()}>
      <DialogSurface className={styles.surface} data-testid="edit-sync-dialog">
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
              {sync.itemType === 'folder' && sync.profileId && (
                <ExclusionsFields
                  profileId={sync.profileId}
                  driveId={sync.driveId}
                  itemId={sync.itemId}
                  draft={draft}
                  onChange={setDraft}
                  errors={read.errors}
                />
              )}
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
