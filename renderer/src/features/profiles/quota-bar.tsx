import { Field, ProgressBar } from '@fluentui/react-components';
import { formatBytes, ratio } from '../../lib/format-bytes';

/** Storage used on the drive; turns to a warning near full. */
export function QuotaBar({ used, total }: { used: number; total: number }) {
  const value = ratio(used, total);
  const label = `${formatBytes(used)} of ${formatBytes(total)} used`;
  return (
    <Field label="Storage" validationMessage={label} validationState="none" data-testid="quota">
      <ProgressBar
        value={value}
        max={1}
        thickness="large"
        color={value >= 0.9 ? 'warning' : 'brand'}
        aria-label={`Storage: ${label}`}
      />
    </Field>
  );
}
