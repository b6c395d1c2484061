import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useCommand } from '../api/use-command';
import { describePause } from '../lib/relative-time';

/** Shown while every sync is paused: when it ends and a way to end it now. */
export function PausedBanner({ pausedUntil }: { pausedUntil: string | null }) {
  const { run, pending } = useCommand();
  if (pausedUntil === null) return null;
  return (
    <MessageBar intent="warning" data-testid="paused-banner">
      <MessageBarBody>
        <MessageBarTitle>Paused</MessageBarTitle>
        {describePause(pausedUntil, Date.now())}
      </MessageBarBody>
      <MessageBarActions>
        <Button disabled={pending} onClick={() => void run('syncs:resumeAll', {})} data-testid="resume-all">
          Resume
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
