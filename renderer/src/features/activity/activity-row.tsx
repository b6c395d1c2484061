import { Badge, makeStyles, Text, tokens } from '@fluentui/react-components';
import type { ActivityEntry } from '../../../../shared/model';
import { formatDateTime } from '../../lib/relative-time';

export const rowHeight = 56;

const useStyles = makeStyles({
  row: {
    display: 'flex',
    flexDirection: 'column',
    justifyContent: 'center',
    height: `${rowHeight}px`,
    boxSizing: 'border-box',
    padding: `0 ${tokens.spacingHorizontalM}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    overflow: 'hidden',
  },
  line: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minWidth: 0 },
  meta: { color: tokens.colorNeutralForeground3 },
});

const kindColors = {
  run: 'brand',
  downloaded: 'success',
  renamed: 'informative',
  trashed: 'warning',
  conflict: 'warning',
  refused: 'danger',
  error: 'danger',
  info: 'informative',
} as const;

/** One activity line; fixed height so 100,000 of them can be virtualized without measuring. */
export function ActivityRow({ entry, now, syncName }: { entry: ActivityEntry; now: number; syncName: string | null }) {
  const styles = useStyles();
  return (
    <div className={styles.row}>
      <div className={styles.line}>
        <Badge appearance="tint" size="small" color={kindColors[entry.kind]}>
          {entry.kind}
        </Badge>
        <Text truncate wrap={false} title={entry.message}>
          {entry.message}
        </Text>
      </div>
      <Text size={200} truncate wrap={false} className={styles.meta}>
        {formatDateTime(entry.at, now)}
        {syncName ? ` · ${syncName}` : ''}
        {entry.path ? ` · ${entry.path}` : ''}
      </Text>
    </div>
  );
}
