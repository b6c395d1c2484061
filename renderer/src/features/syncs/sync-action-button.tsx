import { Button } from '@fluentui/react-components';
import type { SyncView } from '../../../../shared/model';
import { useCommand } from '../../api/use-command';

const labels = {
  reconnect: 'Reconnect',
  retry: 'Retry',
  review_deletions: 'Review deletions',
  locate_folder: 'Locate folder',
  source_gone: 'Try again',
} as const;

/** The ONE button that fixes a sync's error, chosen by the core (sync.action). */
export function SyncActionButton(props: { sync: SyncView; onReview: () => void; onLocate: () => void }) {
  const { sync } = props;
  const { run, pending } = useCommand();
  const { run: runQuiet } = useCommand({ silent: true });
  if (sync.action === 'none') return null;
  if (sync.action === 'reconnect' && sync.profileId === null) return null;

  const locate = async () => {
    const result = await runQuiet('dialog:chooseDirectory', { defaultPath: sync.localPath });
    // No native picker (the browser bridge): let the user type the path in the edit dialog.
    if (!result.ok) return props.onLocate();
    if (result.value !== null) await run('sync:update', { id: sync.id, localPath: result.value });
  };

  const onClick = () => {
    switch (sync.action) {
      case 'reconnect':
        return void run('profile:connect', { id: sync.profileId as string });
      case 'retry':
        return void run('sync:now', { id: sync.id });
      case 'review_deletions':
        return props.onReview();
      case 'locate_folder':
        return void locate();
      case 'source_gone':
        return void run('sync:now', { id: sync.id });
    }
  };

  // Access to a shared folder or library ended: the files stay either way; the user picks.
  if (sync.action === 'source_gone') {
    return (
      <>
        <Button
          appearance="primary"
          disabled={pending}
          onClick={() => void run('sync:remove', { id: sync.id, deleteLocalFiles: false })}
          data-testid="sync-keep-remove"
        >
          Keep the files and remove the sync
        </Button>
        <Button disabled={pending} onClick={onClick} data-testid="sync-fix">
          {labels.source_gone}
        </Button>
      </>
    );
  }

  return (
    <Button appearance="primary" disabled={pending} onClick={onClick} data-testid="sync-fix">
      {labels[sync.action]}
    </Button>
  );
}
