/** One account: who it is, its drive and quota, and the one sign-in action that fits its state. */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import {
  Badge,
  Button,
  Card,
  Field,
  Input,
  makeStyles,
  mergeClasses,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import type { ProfileView } from '../../../../shared/model';
import { useCommand } from '../../api/use-command';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { authStateLabels, driveTypeLabels } from './profile-labels';
import { QuotaBar } from './quota-bar';

const useStyles = makeStyles({
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '720px' },
  highlighted: { outline: `2px solid ${tokens.colorBrandStroke1}` },
  head: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  name: { margin: 0, fontSize: tokens.fontSizeBase400 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
});

const badgeColor = { connected: 'success', signed_out: 'informative', reconnect_required: 'warning' } as const;

export function ProfileCard({
  profile,
  highlighted,
  reveal = highlighted,
  syncCount,
}: {
  profile: ProfileView;
  highlighted: boolean;
  reveal?: boolean;
  syncCount: number;
}) {
  const styles = useStyles();
  const { run } = useCommand();
  const [renaming, setRenaming] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [connecting, setConnecting] = useState(false);
  const cardRef = useRef<HTMLDivElement>(null);
  const waiting = profile.signingIn || connecting;

  useEffect(() => {
    if (reveal) cardRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [reveal]);

  const connect = async () => {
    setConnecting(true);
    await run('profile:connect', { id: profile.id });
    setConnecting(false);
  };

  return (
    <Card
      ref={cardRef}
      className={mergeClasses(styles.card, highlighted && styles.highlighted)}
      role="region"
      aria-label={`Account ${profile.name}`}
      data-testid={`profile-${profile.id}`}
      data-auth-state={profile.authState}
      data-highlighted={highlighted || undefined}
    >
      <div className={styles.head}>
        <h3 className={styles.name}>{profile.name}</h3>
        <Badge appearance="tint" color={badgeColor[profile.authState]} data-testid="profile-status">
          {authStateLabels[profile.authState]}
        </Badge>
      </div>
      {profile.account && <Text data-testid="profile-username">{profile.account.username}</Text>}
      {profile.drive && <Text data-testid="profile-drive-type">{driveTypeLabels[profile.drive.driveType]}</Text>}
      {profile.authState === 'connected' && (
        <Text size={200} data-testid="profile-live" data-live={profile.live}>
          {profile.live ? 'Live: changes online arrive within seconds' : "Checking for changes on each sync's interval"}
        </Text>
      )}
      {profile.drive?.quota && profile.drive.quota.total > 0 && (
        <QuotaBar used={profile.drive.quota.used} total={profile.drive.quota.total} />
      )}

      {profile.authState === 'reconnect_required' && !waiting && (
        <MessageBar intent="warning">
          <MessageBarBody>Microsoft asked to sign in again. Reconnect to resume this account’s syncs.</MessageBarBody>
        </MessageBar>
      )}

      {waiting ? (
        <div className={styles.actions} data-testid="profile-signing-in">
          <Spinner size="tiny" label="Waiting for you to sign in in your browser…" />
          <Button onClick={() => void run('profile:cancelConnect', { id: profile.id })}>Cancel</Button>
        </div>
      ) : renaming ? (
        <RenameForm profile={profile} onDone={() => setRenaming(false)} />
      ) : (
        <div className={styles.actions}>
          {profile.authState === 'signed_out' && (
            <Button appearance="primary" onClick={() => void connect()}>
              Connect
            </Button>
          )}
          {profile.authState === 'reconnect_required' && (
            <Button appearance="primary" onClick={() => void connect()} data-testid="profile-reconnect">
              Reconnect
            </Button>
          )}
          {profile.authState !== 'signed_out' && (
            <Button onClick={() => void run('profile:signOut', { id: profile.id })}>Sign out</Button>
          )}
          <Button appearance="subtle" onClick={() => setRenaming(true)}>
            Rename
          </Button>
          <Button appearance="subtle" onClick={() => setConfirmRemove(true)}>
            Remove
          </Button>
        </div>
      )}

      <ConfirmDialog
        open={confirmRemove}
        title={`Remove ${profile.name}?`}
        confirmLabel="Remove"
        testId="remove-profile-dialog"
        onCancel={() => setConfirmRemove(false)}
        onConfirm={() => {
          setConfirmRemove(false);
          void run('profile:remove', { id: profile.id });
        }}
      >
        {syncCount > 0
          ? `This account is used by ${syncCount} sync${syncCount === 1 ? '' : 's'}. Remove those syncs first.`
          : 'OneDrive Mirror forgets this account and its sign-in. Your files stay where they are.'}
      </ConfirmDialog>
    </Card>
  );
}

function RenameForm({ profile, onDone }: { profile: ProfileView; onDone: () => void }) {
  const styles = useStyles();
  const { run, pending } = useCommand();
  const [name, setName] = useState(profile.name);
  const trimmed = name.trim();
  const invalid = trimmed.length === 0 || trimmed.length > 80;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (invalid) return;
    const result = await run('profile:rename', { id: profile.id, name: trimmed });
    if (result.ok) onDone();
  };

  return (
    <form className={styles.actions} onSubmit={(e) => void submit(e)} aria-label={`Rename ${profile.name}`}>
      <Field
        label="New name"
        validationState={invalid ? 'error' : 'none'}
        validationMessage={invalid ? 'Use 1 to 80 characters.' : undefined}
      >
        <Input value={name} onChange={(_e, d) => setName(d.value)} autoFocus data-testid="profile-rename-input" />
      </Field>
      <Button type="submit" appearance="primary" disabled={pending || invalid}>
        Save
      </Button>
      <Button onClick={onDone}>Cancel</Button>
    </form>
  );
}
