/**
 * Byte sizes and rates typed by people, pure and zod-free (the CLI, the renderer and the core share it):
 * `10MB` is decimal (10,000,000), `1.5GiB` binary, a bare number is bytes; rates take an optional `/s`.
 */
const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
  // Single letters, as rclone and most tools read them: decimal here, like the two-letter forms.
  k: 1e3,
  m: 1e6,
  g: 1e9,
  t: 1e12,
};

/** Bytes for `10MB`, `1.5GiB`, `500k`, `2048`; throws an Error that says what is accepted. */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-zA-Z]*)\s*$/.exec(text);
  const unit = m ? UNITS[m[2]!.toLowerCase() || 'b'] : undefined;
  if (!m || unit === undefined) {
    throw new Error(`"${text}" is not a size: use a number with an optional unit, e.g. 500KB, 10MB, 1.5GiB`);
  }
  const bytes = Math.round(Number(m[1]) * unit);
  if (!Number.isSafeInteger(bytes)) throw new Error(`"${text}" is too large`);
  return bytes;
}

/** Bytes per second for `2MB/s`, `2MB`, `0` (0 means unlimited). */
export function parseRate(text: string): number {
  return parseSize(text.replace(/\s*\/\s*s(ec)?\s*$/i, ''));
}

/** `1.5 MB`, `912 B`: decimal units with up to three significant digits. */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = bytes / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v >= 100 ? Math.round(v) : Number(v.toPrecision(3))} ${units[i]}`;
}
