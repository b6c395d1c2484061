/** One sync: what it mirrors where, its status, its one fixing action and its everyday controls. */
import { useEffect, useRef } from 'react';
import {
  Badge,
  Button,
  Card,
  makeStyles,
  mergeClasses,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Text,
  tokens,
} from '@fluentui/react-components';
import type { AppState, SyncView } from '../../../../shared/model';
import { useCommand } from '../../api/use-command';
import { formatDateTime, formatPast, formatRelative } from '../../lib/relative-time';
import { liveText } from '../../../../shared/live-text';
import { SyncActionButton } from './sync-action-button';
import { SyncProgress } from './sync-progress';
import { describeSyncStatus, type SyncStatusKind } from './sync-status';
import { exclusionsLabel } from '../browse/exclusions-logic';

const useStyles = makeStyles({
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  highlighted: { outline: `2px solid ${tokens.colorBrandStroke1}` },
  head: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  name: { margin: 0, fontSize: tokens.fontSizeBase400 },
  paths: { display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: tokens.spacingHorizontalM, rowGap: '2px', margin: 0 },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, overflowWrap: 'anywhere' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

const badgeColors: Record<SyncStatusKind, 'success' | 'brand' | 'informative' | 'warning' | 'danger'> = {
  up_to_date: 'success',
  syncing: 'brand',
  queued: 'informative',
  not_synced: 'informative',
  paused: 'informative',
  warnings: 'warning',
  attention: 'danger',
};

export interface SyncRowProps {
  sync: SyncView;
  pausedUntil: string | null;
  /** Background syncing held for battery or a metered connection: the next sync waits for the power state. */
  powerPause?: AppState['powerPause'];
  profileName: string | null;
  now: number;
  highlighted: boolean;
  onEdit: () => void;
  onRemove: () => void;
  onReview: () => void;
  onReset: () => void;
  /** The account's reconnect banner is showing: the prompt appears once, there, not on every row as well. */
  reconnectAbove?: boolean;
}

export function SyncRow(props: SyncRowProps) {
  const {
    sync,
    pausedUntil,
    powerPause = null,
    profileName,
    now,
    highlighted,
    onEdit,
    onRemove,
    onReview,
    onReset,
    reconnectAbove = false,
  } = props;
  const styles = useStyles();
  const { run, pending } = useCommand();
  const status = describeSyncStatus(sync, pausedUntil);
  const ref = useRef<HTMLDivElement>(null);
  const name = sync.itemName || sync.itemPath || 'OneDrive';

  useEffect(() => {
    if (highlighted) ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [highlighted]);

  return (
    <Card
      ref={ref}
      className={mergeClasses(styles.card, highlighted && styles.highlighted)}
      role="region"
      aria-label={`Sync ${name}`}
      data-testid={`sync-row-${sync.id}`}
      data-status={status.kind}
      data-highlighted={highlighted || undefined}
    >
      <div className={styles.head}>
        <h3 className={styles.name}>{name}</h3>
        <Badge appearance="tint" color={badgeColors[status.kind]} data-testid="sync-status">
          {status.label}
        </Badge>
        {sync.itemType === 'file' && <Badge appearance="outline">File</Badge>}
        {exclusionsLabel(sync.exclusions) && (
          <Badge appearance="outline" data-testid="sync-exclusions">
            {exclusionsLabel(sync.exclusions)}
          </Badge>
        )}
      </div>
      <dl className={styles.paths}>
        <dt className={styles.term}>{sync.source ? 'Source' : 'OneDrive'}</dt>
        <dd className={styles.value} data-testid="sync-remote-path">
          {sync.source ?? sync.itemPath}
          {profileName ? ` (${profileName})` : ''}
        </dd>
        <dt className={styles.term}>On this computer</dt>
        <dd className={styles.value} data-testid="sync-local-path">
          {sync.localPath}
        </dd>
        <dt className={styles.term}>Last success</dt>
        <dd className={styles.value} data-testid="sync-last">
          {/* The exact time on hover (and for tests): "just now" reads the same after a second run. */}
          {sync.lastSuccessAt === null ? (
            formatPast(null, now)
          ) : (
            <time dateTime={sync.lastSuccessAt} title={formatDateTime(sync.lastSuccessAt, now)}>
              {formatPast(sync.lastSuccessAt, now)}
            </time>
          )}
        </dd>
        {sync.lastFailureAt !== null && (
          <>
            <dt className={styles.term}>Last failure</dt>
            <dd className={styles.value} data-testid="sync-last-failure">
              {formatPast(sync.lastFailureAt, now)}
            </dd>
          </>
        )}
        <dt className={styles.term}>Next sync</dt>
        <dd className={styles.value} data-testid="sync-next">
          {nextSyncText(sync, status.kind === 'paused', now, powerPause)}
        </dd>
        <dt className={styles.term}>Changes online</dt>
        <dd className={styles.value} data-testid="sync-live" data-live={sync.live}>
          {(status.kind !== 'paused' && liveText(sync)) || '—'}
        </dd>
      </dl>

      {sync.running && <SyncProgress progress={sync.progress} name={name} />}

      {status.kind === 'attention' && (
        <MessageBar intent="error" layout="multiline" data-testid="sync-error">
          <MessageBarBody>
            {status.message}
            {sync.pendingDeletes > 0 && ` (${sync.pendingDeletes} file${sync.pendingDeletes === 1 ? '' : 's'})`}
          </MessageBarBody>
          <MessageBarActions>
            {!(sync.action === 'reconnect' && reconnectAbove) && (
              <SyncActionButton sync={sync} onReview={onReview} onLocate={onEdit} />
            )}
            {/* The folder may be gone or emptied on purpose: then locating it changes nothing. */}
            {sync.errorCode === 'local_missing' && (
              <Button onClick={onReset} data-testid="sync-reset">
                Download everything again
              </Button>
            )}
          </MessageBarActions>
        </MessageBar>
      )}
      {status.kind === 'warnings' && status.message && (
        <Text size={200} data-testid="sync-warning">
          {status.message}
        </Text>
      )}

      <div className={styles.actions}>
        {/* Not primary: a page of rows would otherwise be a column of competing blue buttons (Add sync is the one). */}
        <Button
          disabled={pending || sync.running || sync.status === 'inactive'}
          onClick={() => void run('sync:now', { id: sync.id })}
        >
          Sync now
        </Button>
        {sync.status === 'inactive' ? (
          <Button disabled={pending} onClick={() => void run('sync:resume', { id: sync.id })}>
            Resume
          </Button>
        ) : (
          <Button disabled={pending} onClick={() => void run('sync:pause', { id: sync.id })}>
            Pause
          </Button>
        )}
        <Button onClick={() => void run('sync:openLocal', { id: sync.id })}>Open folder</Button>
        <Button appearance="subtle" onClick={onEdit}>
          Edit
        </Button>
        <Button appearance="subtle" onClick={onRemove}>
          Remove
        </Button>
      </div>
    </Card>
  );
}

/** While a run goes, the next one is counted from its end; otherwise the scheduler's time. */
function nextSyncText(sync: SyncView, paused: boolean, now: number, powerPause: AppState['powerPause']): string {
  if (paused) return '—';
  const every = `every ${sync.intervalMinutes} min`;
  if (sync.running) return `after this run (${every})`;
  if (powerPause && sync.status === 'active')
    return powerPause === 'battery' ? 'when plugged in (or Sync anyway)' : 'on an unmetered connection (or Sync anyway)';
  if (sync.nextRunAt === null) return '—';
  return Date.parse(sync.nextRunAt) <= now ? `now (${every})` : `${formatRelative(sync.nextRunAt, now)} (${every})`;
}
