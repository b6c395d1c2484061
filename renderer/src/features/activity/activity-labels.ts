import type { ActivityKind } from '../../../../shared/model';

export const activityKindLabels: Record<ActivityKind, string> = {
  run: 'Sync runs',
  downloaded: 'Downloaded',
  renamed: 'Renamed or moved',
  trashed: 'Moved to trash',
  conflict: 'Conflicts',
  refused: 'Refused names',
  error: 'Errors',
  info: 'Other',
};
