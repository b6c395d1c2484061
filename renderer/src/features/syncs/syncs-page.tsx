/** The list of syncs, the Add sync entry point, and the per-sync dialogs (one at a time). */
import { useState } from 'react';
import { Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useAppState } from '../../api/use-app-state';
import { useNow } from '../../lib/use-now';
import { AddSyncDialog } from '../browse/add-sync-dialog';
import { EditSyncDialog } from './edit-sync-dialog';
import { RemoveSyncDialog } from './remove-sync-dialog';
import { ReviewDeletionsDialog } from './review-deletions-dialog';
import { ResetSyncDialog } from './reset-sync-dialog';
import { SyncRow } from './sync-row';
import type { NavView } from '../../../../shared/ipc';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  head: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
  title: { margin: 0, flex: 1 },
});

type OpenDialog = { kind: 'add' } | { kind: 'edit' | 'remove' | 'review' | 'reset'; syncId: string } | null;

type NavigateTo = (view: NavView, id?: string | null) => void;

export function SyncsPage({ focusId = null, onNavigate }: { focusId?: string | null; onNavigate?: NavigateTo }) {
  const styles = useStyles();
  const state = useAppState();
  const now = useNow();
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const connected = state.profiles.filter((p) => p.authState === 'connected');
  const open = dialog && dialog.kind !== 'add' ? state.syncs.find((s) => s.id === dialog.syncId) : undefined;
  const close = () => setDialog(null);

  return (
    <section className={styles.page} aria-labelledby="syncs-title" data-testid="syncs-page">
      <div className={styles.head}>
        <h2 id="syncs-title" className={styles.title}>
          Syncs
        </h2>
        <Button
          appearance="primary"
          disabled={connected.length === 0}
          onClick={() => setDialog({ kind: 'add' })}
          data-testid="add-sync"
        >
          Add sync
        </Button>
      </div>

      {state.syncs.length === 0 && (
        <div data-testid="syncs-empty">
          {connected.length === 0 ? (
            <>
              <Text block>Connect a Microsoft account to choose what to mirror.</Text>
              <Button onClick={() => onNavigate?.('accounts')}>Go to Accounts</Button>
            </>
          ) : (
            <Text block>Nothing is mirrored yet. Choose a OneDrive folder or file with Add sync.</Text>
          )}
        </div>
      )}

      {state.syncs.map((sync) => (
        <SyncRow
          key={sync.id}
          sync={sync}
          pausedUntil={state.pausedUntil}
          powerPause={state.powerPause}
          profileName={state.profiles.find((p) => p.id === sync.profileId)?.name ?? null}
          now={now}
          highlighted={sync.id === focusId}
          onEdit={() => setDialog({ kind: 'edit', syncId: sync.id })}
          onRemove={() => setDialog({ kind: 'remove', syncId: sync.id })}
          onReview={() => setDialog({ kind: 'review', syncId: sync.id })}
          onReset={() => setDialog({ kind: 'reset', syncId: sync.id })}
          reconnectAbove={state.notices.some((n) => n.kind === 'reconnect_required' && n.profileId === sync.profileId)}
        />
      ))}

      {dialog?.kind === 'add' && (
        <AddSyncDialog profiles={connected} defaultInterval={state.settings.defaultIntervalMinutes} onClose={close} />
      )}
      {open && dialog?.kind === 'edit' && <EditSyncDialog sync={open} onClose={close} />}
      {open && dialog?.kind === 'remove' && <RemoveSyncDialog sync={open} onClose={close} />}
      {open && dialog?.kind === 'review' && <ReviewDeletionsDialog sync={open} onClose={close} />}
      {open && dialog?.kind === 'reset' && <ResetSyncDialog sync={open} onClose={close} />}
    </section>
  );
}
