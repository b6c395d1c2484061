import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { AppState } from '../../../shared/model';
import { powerPauseDetail, powerPauseText } from '../../../shared/power-pause';
import { useCommand } from '../api/use-command';

/**
 * Shown while the power policy holds background syncing (battery, metered): why, and "Sync anyway", which lasts
 * until the power state changes. The user's own pause has its own banner and wins.
 */
export function PowerPauseBanner({ state }: { state: Pick<AppState, 'powerPause' | 'pausedUntil'> }) {
  const { run, pending } = useCommand();
  if (state.powerPause === null || state.pausedUntil !== null) return null;
  return (
    <MessageBar intent="info" data-testid="power-pause-banner">
      <MessageBarBody>
        <MessageBarTitle>{powerPauseText[state.powerPause]}</MessageBarTitle>
        {powerPauseDetail[state.powerPause]}
      </MessageBarBody>
      <MessageBarActions>
        <Button disabled={pending} onClick={() => void run('syncs:syncAnyway', {})} data-testid="sync-anyway">
          Sync anyway
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
