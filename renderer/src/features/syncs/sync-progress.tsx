import { Field, makeStyles, ProgressBar, Text, tokens } from '@fluentui/react-components';
import type { Progress } from '../../../../shared/model';
import { describeProgress } from './sync-status';
import { useTransferRate } from './use-transfer-rate';

const useStyles = makeStyles({
  line: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  // A bar that can be seen at a glance (Fluent's "large" is still a hairline next to the card's text).
  bar: { flex: 1, height: '8px', '& > *': { height: '8px' } },
  percent: { minWidth: '3.5em', textAlign: 'end', fontWeight: tokens.fontWeightSemibold },
});

/** Percent, files and bytes of the running sync, its speed and time left, and the file being downloaded. */
export function SyncProgress({ progress, name }: { progress: Progress | null; name: string }) {
  const styles = useStyles();
  const rate = useTransferRate(progress);
  const { text, value, percent } = progress
    ? describeProgress(progress, rate)
    : { text: 'Starting…', value: undefined, percent: null };
  return (
    <Field validationMessage={text} validationState="none" data-testid="sync-progress">
      <div className={styles.line}>
        <ProgressBar className={styles.bar} value={value} max={1} thickness="large" aria-label={`Progress of ${name}: ${text}`} />
        {percent !== null && (
          <Text className={styles.percent} data-testid="sync-percent">
            {percent}%
          </Text>
        )}
      </div>
      {progress?.currentFile && (
        <Text size={200} truncate wrap={false} data-testid="sync-current-file" title={progress.currentFile}>
          {progress.currentFile}
        </Text>
      )}
    </Field>
  );
}
