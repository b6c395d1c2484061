/**
 * Name and path safety, pure. A remote name becomes a local path component only if it cannot escape the root,
 * cannot address something else than a plain child, and is valid on the target platform.
 */
import path from 'node:path';

// Device names, with or without an extension; CONIN$ and CONOUT$ open the console like CON does.
const windowsReserved = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
const windowsBadChars = /[<>:"|?*]/;
// eslint-disable-next-line no-control-regex
const controlChars = /[\u0000-\u001f\u007f]/;

/** Why a remote name cannot be used as a local name on this platform, or null when it can. */
export function refuseName(name: string, platform: NodeJS.Platform): string | null {
  if (name.length === 0) return 'the name is empty';
  if (name === '.' || name === '..') return `"${name}" is not a valid name`;
  if (name.includes('/') || name.includes('\\')) return 'the name contains a slash';
  if (controlChars.test(name)) return 'the name contains a control character';
  if (Buffer.byteLength(name, 'utf8') > 255) return 'the name is longer than 255 bytes';
  if (name.startsWith(TEMP_PREFIX)) return `names starting with ${TEMP_PREFIX} are reserved for temporary files`;
  if (platform === 'win32') {
    if (windowsBadChars.test(name)) return 'the name contains a character Windows does not allow (<>:"|?*)';
    if (windowsReserved.test(name)) return 'the name is reserved on Windows';
    if (/[. ]$/.test(name)) return 'the name ends with a dot or a space, which Windows does not allow';
  }
  return null;
}

/** Joins a '/'-separated relative path ('' is the root) with one child name. */
export function childPath(parent: string, name: string): string {
  return parent === '' ? name : `${parent}/${name}`;
}

export function parentOf(relPath: string): string {
  const i = relPath.lastIndexOf('/');
  return i < 0 ? '' : relPath.slice(0, i);
}

export function baseName(relPath: string): string {
  return relPath.slice(relPath.lastIndexOf('/') + 1);
}

export function depthOf(relPath: string): number {
  if (relPath === '') return 0;
  let d = 1;
  for (let i = 0; i < relPath.length; i++) if (relPath.charCodeAt(i) === 47) d++;
  return d;
}

/** True when `relPath` is `ancestor` or lies below it. */
export function isWithin(relPath: string, ancestor: string): boolean {
  return ancestor === '' || relPath === ancestor || relPath.startsWith(`${ancestor}/`);
}

/**
 * The key two names collide under: NFC-normalized everywhere (macOS volumes treat an NFC and an NFD spelling as one
 * name even when they are case-sensitive, and two such names are a trap on any disk), and case-folded on a
 * case-insensitive file system.
 */
export function nameKey(name: string, caseInsensitive: boolean): string {
  const nfc = name.normalize('NFC');
  return caseInsensitive ? nfc.toLowerCase() : nfc;
}

/** How two colliding names differ, for the message that says why one of them was not synced. */
export function collisionReason(kept: string, refused: string): string {
  const how =
    kept.normalize('NFC') === refused.normalize('NFC')
      ? 'in how its accented letters are encoded (Unicode normalization)'
      : 'in letter case';
  return `another item here is named "${kept}", which differs only ${how}`;
}

/**
 * The absolute path of a relative path under root. Throws when the result would leave the root (defence in depth:
 * every component was checked by refuseName already).
 */
export function resolveInside(root: string, relPath: string): string {
  const absRoot = path.resolve(root);
  if (relPath === '') return absRoot;
  const parts = relPath.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\\') || p.includes('\0'))) {
    throw new Error(`Refusing unsafe relative path: ${JSON.stringify(relPath)}`);
  }
  // POSIX: with every part checked above there is nothing left to normalize (Windows still has drive letters).
  if (path.sep === '/') return absRoot === '/' ? `/${relPath}` : `${absRoot}/${relPath}`;
  const abs = path.resolve(absRoot, ...parts);
  const rel = path.relative(absRoot, abs);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new Error(`Path escapes the sync root: ${JSON.stringify(relPath)}`);
  }
  return abs;
}

/** `report (conflict 2026-11-26 170102).docx`: the name a locally edited file is kept under (UTC time). */
export function conflictName(name: string, atMs: number, attempt = 1): string {
  const d = new Date(atMs);
  const p = (n: number): string => String(n).padStart(2, '0');
  const stamp =
    `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ` +
    `${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
  const dot = name.lastIndexOf('.');
  const hasExt = dot > 0 && dot < name.length - 1;
  const stem = hasExt ? name.slice(0, dot) : name;
  const ext = hasExt ? name.slice(dot) : '';
  const suffix = attempt > 1 ? ` ${attempt}` : '';
  return `${stem} (conflict ${stamp}${suffix})${ext}`;
}

/** Hidden names the engine uses inside the tree; never synced, never shown. */
export const TEMP_PREFIX = '.odm-';

export function partialName(itemId: string): string {
  return `${TEMP_PREFIX}${safeId(itemId)}.partial`;
}

export function moveTempName(itemId: string): string {
  return `${TEMP_PREFIX}${safeId(itemId)}.moving`;
}

function safeId(id: string): string {
  return id.replace(/[^A-Za-z0-9!_-]/g, '_').slice(0, 120);
}
