import { Field, ProgressBar, Text } from '@fluentui/react-components';
import type { Progress } from '../../../../shared/model';
import { describeProgress } from './sync-status';

/** Files and bytes of the running sync, and the file being downloaded. */
export function SyncProgress({ progress, name }: { progress: Progress | null; name: string }) {
  const { text, value } = progress ? describeProgress(progress) : { text: 'Starting…', value: undefined };
  return (
    <Field validationMessage={text} validationState="none" data-testid="sync-progress">
      <ProgressBar value={value} max={1} thickness="large" aria-label={`Progress of ${name}: ${text}`} />
      {progress?.currentFile && (
        <Text size={200} truncate wrap={false} data-testid="sync-current-file" title={progress.currentFile}>
          {progress.currentFile}
        </Text>
      )}
    </Field>
  );
}
