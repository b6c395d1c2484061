/** App-level notices from the state: reconnect prompts, a recovered store, the plaintext-secrets choice. */
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { Notice } from '../../../shared/model';
import { useAppState } from '../api/use-app-state';
import { useCommand } from '../api/use-command';
import type { View } from './use-navigation';

const titles: Record<Notice['kind'], string> = {
  reconnect_required: 'Reconnect needed',
  store_recovered: 'Settings were recovered',
  insecure_secrets: 'Secure storage is not available',
  info: 'Note',
};

const intents = { reconnect_required: 'warning', store_recovered: 'info', insecure_secrets: 'warning', info: 'info' } as const;

export function Notices({ onNavigate }: { onNavigate: (view: View, id?: string | null) => void }) {
  const { notices } = useAppState();
  if (notices.length === 0) return null;
  return (
    <>
      {notices.map((notice) => (
        <NoticeBar key={notice.id} notice={notice} onNavigate={onNavigate} />
      ))}
    </>
  );
}

function NoticeBar({ notice, onNavigate }: { notice: Notice; onNavigate: (view: View, id?: string | null) => void }) {
  const { run, pending } = useCommand();
  const dismiss = () => void run('app:dismissNotice', { id: notice.id });
  return (
    <MessageBar intent={intents[notice.kind]} data-testid={`notice-${notice.kind}`} layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{titles[notice.kind]}</MessageBarTitle>
        {notice.message}
      </MessageBarBody>
      <MessageBarActions>
        {notice.kind === 'reconnect_required' && notice.profileId !== null && (
          <Button
            appearance="primary"
            disabled={pending}
            data-testid="notice-reconnect"
            onClick={() => {
              const profileId = notice.profileId as string;
              onNavigate('accounts', profileId);
              void run('profile:connect', { id: profileId });
            }}
          >
            Reconnect
          </Button>
        )}
        {notice.kind === 'insecure_secrets' ? (
          <>
            <Button
              disabled={pending}
              data-testid="secrets-allow"
              onClick={() => void run('secrets:allowPlaintext', { allow: true })}
            >
              Allow
            </Button>
            <Button
              appearance="primary"
              disabled={pending}
              data-testid="secrets-keep-off"
              onClick={() => void run('secrets:allowPlaintext', { allow: false })}
            >
              Keep off
            </Button>
          </>
        ) : (
          <Button appearance="transparent" disabled={pending} onClick={dismiss} data-testid="notice-dismiss">
            Dismiss
          </Button>
        )}
      </MessageBarActions>
    </MessageBar>
  );
}
