/** The virtualized activity list: only the visible rows exist in the DOM; pages load as the end comes near. */
import { useEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Button, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import type { SyncView } from '../../../../shared/model';
import { InlineError } from '../../components/inline-error';
import { useNow } from '../../lib/use-now';
import { ActivityRow, rowHeight } from './activity-row';
import { useActivityPages, type ActivityFilters } from './use-activity-pages';

const useStyles = makeStyles({
  scroller: {
    flex: 1,
    minHeight: '300px',
    overflowY: 'auto',
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  inner: { position: 'relative', width: '100%' },
  item: { position: 'absolute', top: 0, left: 0, width: '100%' },
  loader: { height: `${rowHeight}px`, display: 'flex', alignItems: 'center', justifyContent: 'center' },
  summary: { color: tokens.colorNeutralForeground3 },
});

export function ActivityList({ filters, syncs }: { filters: ActivityFilters; syncs: SyncView[] }) {
  const styles = useStyles();
  const pages = useActivityPages(filters);
  const now = useNow(60_000);
  const scrollRef = useRef<HTMLDivElement>(null);
  const names = new Map(syncs.map((s) => [s.id, s.itemName]));
  const count = pages.hasMore ? pages.entries.length + 1 : pages.entries.length;

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? -1;

  // Reaching the loader row (the one past the last entry) asks for the next page.
  const { hasMore, loading, loadMore, entries } = pages;
  useEffect(() => {
    if (hasMore && !loading && entries.length > 0 && lastIndex >= entries.length - 1) loadMore();
  }, [hasMore, loading, loadMore, entries.length, lastIndex]);

  return (
    <>
      <InlineError message={pages.error} />
      <Text size={200} className={styles.summary} data-testid="activity-summary" aria-live="polite">
        {pages.entries.length === 0 && !pages.hasMore
          ? 'No activity yet.'
          : `Showing ${pages.entries.length} of ${pages.total} entries, newest first.`}
      </Text>
      <div
        ref={scrollRef}
        className={styles.scroller}
        data-testid="activity-scroll"
        tabIndex={0}
        aria-label="Activity entries, scrollable"
      >
        <div className={styles.inner} style={{ height: `${virtualizer.getTotalSize()}px` }} role="list" aria-label="Activity">
          {items.map((item) => {
            const entry = pages.entries[item.index];
            return (
              <div
                key={entry ? entry.seq : 'loader'}
                className={styles.item}
                style={{ transform: `translateY(${item.start}px)`, height: `${item.size}px` }}
                role="listitem"
                aria-setsize={pages.hasMore ? -1 : pages.total}
                aria-posinset={item.index + 1}
                data-testid={entry ? 'activity-row' : 'activity-loader'}
              >
                {entry ? (
                  <ActivityRow entry={entry} now={now} syncName={entry.syncId ? (names.get(entry.syncId) ?? null) : null} />
                ) : (
                  <div className={styles.loader}>
                    {pages.loading ? (
                      <Spinner size="tiny" label="Loading older entries…" />
                    ) : (
                      <Button onClick={pages.loadMore}>Load more</Button>
                    )}
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </>
  );
}
