/** The files a stopped run wants to move to the trash: Confirm lets it continue, Keep refuses. */
import { useEffect, useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  Spinner,
  tokens,
} from '@fluentui/react-components';
import type { SyncView } from '../../../../shared/model';
import { useCommand } from '../../api/use-command';
import { InlineError } from '../../components/inline-error';
import { formatBytes } from '../../lib/format-bytes';

const useStyles = makeStyles({
  list: {
    maxHeight: '320px',
    overflowY: 'auto',
    margin: 0,
    padding: 0,
    listStyle: 'none',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  item: {
    display: 'flex',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
  },
  path: { overflowWrap: 'anywhere' },
  size: { color: tokens.colorNeutralForeground3, whiteSpace: 'nowrap' },
});

// Rendering tens of thousands of list items would freeze the dialog; the count says the rest.
const shownLimit = 1000;

type Pending = Array<{ path: string; size: number }>;

export function ReviewDeletionsDialog({ sync, onClose }: { sync: SyncView; onClose: () => void }) {
  const styles = useStyles();
  const { run, pending } = useCommand({ silent: true });
  const [files, setFiles] = useState<Pending | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void run('sync:pendingDeletes', { id: sync.id }).then((result) => {
      if (!live) return;
      if (result.ok) setFiles(result.value);
      else setError(result.error.message);
    });
    return () => {
      live = false;
    };
  }, [run, sync.id]);

  const decide = async (command: 'sync:confirmDeletes' | 'sync:keepFiles') => {
    const result = await run(command, { id: sync.id });
    if (result.ok) onClose();
    else setError(result.error.message);
  };

  const total = files?.reduce((sum, f) => sum + f.size, 0) ?? 0;
  return (
    <Dialog open onOpenChange={(_e, d) => !d.open && onClose()}>
      <DialogSurface data-testid="review-deletions-dialog">
        <DialogBody>
          <DialogTitle>Review deletions in {sync.itemName}</DialogTitle>
          <DialogContent>
            <InlineError message={error} />
            {files === null && !error && <Spinner size="small" label="Loading the files…" />}
            {files !== null && (
              <>
                <p data-testid="review-summary">
                  These {files.length} file{files.length === 1 ? '' : 's'} ({formatBytes(total)}) were deleted or moved in
                  OneDrive. Confirm moves them to the trash on this computer; Keep leaves them here and stops mirroring them.
                </p>
                <ul className={styles.list} aria-label="Files to move to the trash" data-testid="review-list" tabIndex={0}>
                  {files.slice(0, shownLimit).map((file) => (
                    <li key={file.path} className={styles.item}>
                      <span className={styles.path}>{file.path}</span>
                      <span className={styles.size}>{formatBytes(file.size)}</span>
                    </li>
                  ))}
                </ul>
                {files.length > shownLimit && <p>…and {files.length - shownLimit} more.</p>}
              </>
            )}
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Cancel</Button>
            <Button disabled={pending || files === null} onClick={() => void decide('sync:keepFiles')} data-testid="review-keep">
              Keep
            </Button>
            <Button
              appearance="primary"
              disabled={pending || files === null}
              onClick={() => void decide('sync:confirmDeletes')}
              data-testid="review-confirm"
            >
              Confirm
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
