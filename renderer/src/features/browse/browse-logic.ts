/** Pure helpers for the OneDrive browser: ordering, filtering, crumbs and labels. */
import type { DriveItemView } from '../../../../shared/model';
import { formatBytes } from '../../lib/format-bytes';

/** Folders first, then by name as people sort (file2 before file10). */
export function sortItems(items: DriveItemView[]): DriveItemView[] {
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  return [...items].sort((a, b) => (a.kind === b.kind ? collator.compare(a.name, b.name) : a.kind === 'folder' ? -1 : 1));
}

/** The search box filters the current folder by name, ignoring case and accents. */
export function filterItems(items: DriveItemView[], query: string): DriveItemView[] {
  const fold = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
  const q = fold(query.trim());
  if (!q) return items;
  return items.filter((item) => fold(item.name).includes(q));
}

/** The crumbs from the root to the current folder, without repeating the folder. */
export function crumbTrail(breadcrumbs: DriveItemView[], folder: DriveItemView): DriveItemView[] {
  const trail = breadcrumbs.filter((c) => c.id !== folder.id);
  return [...trail, folder];
}

/** The root shows as "OneDrive" rather than Graph's "root". */
export function displayName(item: DriveItemView, isFirst: boolean): string {
  if (isFirst && (item.path === '/' || item.path === '' || item.name === 'root')) return 'OneDrive';
  return item.name;
}

export function describeSize(item: DriveItemView): string {
  if (item.kind === 'file') return formatBytes(item.size);
  const count = item.childCount === null ? '' : `${item.childCount} item${item.childCount === 1 ? '' : 's'}`;
  const size = item.size > 0 ? formatBytes(item.size) : '';
  return [count, size].filter(Boolean).join(' · ');
}
