/** Removing a sync asks about the local files; keeping them is the default. */
import { useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Radio,
  RadioGroup,
} from '@fluentui/react-components';
import type { SyncView } from '../../../../shared/model';
import { useCommand } from '../../api/use-command';
import { InlineError } from '../../components/inline-error';

export function RemoveSyncDialog({ sync, onClose }: { sync: SyncView; onClose: () => void }) {
  const { run, pending } = useCommand({ silent: true });
  const [choice, setChoice] = useState<'keep' | 'delete'>('keep');
  const [error, setError] = useState<string | null>(null);

  const remove = async () => {
    const result = await run('sync:remove', { id: sync.id, deleteLocalFiles: choice === 'delete' });
    if (result.ok) onClose();
    else setError(result.error.message);
  };

  return (
    <Dialog open onOpenChange={(_e, d) => !d.open && onClose()}>
      <DialogSurface data-testid="remove-sync-dialog">
        <DialogBody>
          <DialogTitle>Remove the sync of {sync.itemName}?</DialogTitle>
          <DialogContent>
            <InlineError message={error} />
            <p>OneDrive Mirror stops mirroring this item. Nothing changes in OneDrive.</p>
            <RadioGroup
              value={choice}
              onChange={(_e, d) => setChoice(d.value as 'keep' | 'delete')}
              aria-label="What happens to the local files"
            >
              <Radio value="keep" label={`Keep the local files in ${sync.localPath}`} />
              <Radio value="delete" label="Move the mirrored local files to the trash" />
            </RadioGroup>
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Cancel</Button>
            <Button appearance="primary" disabled={pending} onClick={() => void remove()} data-testid="remove-sync-confirm">
              Remove
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
