/** One line for a preview (`sync run --dry-run`), pure. */
import { formatSize } from '../../shared/sizes';
import type { SyncPreview } from '../../shared/model';

const n = (count: number, one: string, many = `${one}s`): string =>
  `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;

export function previewText(p: SyncPreview): string {
  const parts = [`would download ${n(p.downloads, 'file')} (${formatSize(p.bytes)})`];
  if (p.trash > 0) parts.push(`move ${n(p.trash, 'item')} to the trash`);
  if (p.renames > 0) parts.push(`rename or move ${n(p.renames, 'item')}`);
  if (p.conflicts > 0) parts.push(`keep ${n(p.conflicts, 'local file')} as conflict copies`);
  const free =
    p.freeBytesAfter < 0
      ? `does NOT fit: ${formatSize(-p.freeBytesAfter)} more space needed`
      : `${formatSize(p.freeBytesAfter)} free afterwards`;
  return `${parts.join(', ')}; ${free}. Nothing was written.`;
}
