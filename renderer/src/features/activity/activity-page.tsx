import { useState } from 'react';
import { Button, Field, makeStyles, Select, tokens } from '@fluentui/react-components';
import type { ActivityKind } from '../../../../shared/model';
import { useAppState } from '../../api/use-app-state';
import { activityKindLabels } from './activity-labels';
import { ActivityList } from './activity-list';

// From the labels, not the zod schema, so the renderer bundle does not carry zod.
const kinds = Object.keys(activityKindLabels) as ActivityKind[];

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, height: '100%', minHeight: 0 },
  filters: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  title: { margin: 0 },
});

/** Recent runs and events, filtered by kind and by sync. */
export function ActivityPage() {
  const styles = useStyles();
  const { syncs } = useAppState();
  const [kind, setKind] = useState<ActivityKind | null>(null);
  const [syncId, setSyncId] = useState<string | null>(null);
  const [refreshes, setRefreshes] = useState(0);

  return (
    <section className={styles.page} aria-labelledby="activity-title" data-testid="activity-page">
      <h2 id="activity-title" className={styles.title}>
        Activity
      </h2>
      <div className={styles.filters}>
        <Field label="Kind">
          <Select
            value={kind ?? ''}
            onChange={(_e, d) => setKind((d.value || null) as ActivityKind | null)}
            data-testid="activity-kind"
          >
            <option value="">Everything</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {activityKindLabels[k]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Sync">
          <Select value={syncId ?? ''} onChange={(_e, d) => setSyncId(d.value || null)} data-testid="activity-sync">
            <option value="">All syncs</option>
            {syncs.map((s) => (
              <option key={s.id} value={s.id}>
                {s.itemName}
              </option>
            ))}
          </Select>
        </Field>
        <Button onClick={() => setRefreshes((n) => n + 1)}>Refresh</Button>
      </div>
      {/* A new key starts the list over from the newest entry. */}
      <ActivityList key={`${kind}|${syncId}|${refreshes}`} filters={{ kind, syncId }} syncs={syncs} />
    </section>
  );
}
