/**
 * "Download everything again": the way out of a local folder the user emptied or deleted on purpose. Says how much
 * the next run will download (from the sync's last listing) before anything is forgotten; nothing local is deleted.
 */
import { useEffect, useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Spinner,
} from '@fluentui/react-components';
import type { SyncView } from '../../../../shared/model';
import { useCommand } from '../../api/use-command';
import { InlineError } from '../../components/inline-error';
import { formatBytes } from '../../lib/format-bytes';

export function ResetSyncDialog({ sync, onClose }: { sync: SyncView; onClose: () => void }) {
  const { run, pending } = useCommand({ silent: true });
  const [size, setSize] = useState<{ files: number; bytes: number } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void run('sync:resetSize', { id: sync.id }).then((r) => {
      if (!live) return;
      if (r.ok) setSize(r.value);
      else setError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [run, sync.id]);

  const reset = async () => {
    const result = await run('sync:reset', { id: sync.id });
    if (result.ok) onClose();
    else setError(result.error.message);
  };

  return (
    <Dialog open onOpenChange={(_e, d) => !d.open && onClose()}>
      <DialogSurface data-testid="reset-sync-dialog">
        <DialogBody>
          <DialogTitle>Download everything in {sync.itemName || 'OneDrive'} again?</DialogTitle>
          <DialogContent>
            <InlineError message={error} />
            {size === null && !error ? (
              <Spinner size="tiny" label="Counting the files…" />
            ) : (
              size && (
                <p data-testid="reset-size">
                  The next sync downloads {size.files} file{size.files === 1 ? '' : 's'} ({formatBytes(size.bytes)}, as of the
                  last sync) into {sync.localPath}.
                </p>
              )
            )}
            <p>
              Nothing on this computer is deleted: files that are still there with the same content are kept, a file with other
              content is kept as a conflict copy.
            </p>
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Cancel</Button>
            <Button
              appearance="primary"
              disabled={pending || size === null}
              onClick={() => void reset()}
              data-testid="reset-sync-confirm"
            >
              Download everything again
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
