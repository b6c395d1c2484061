/**
 * Where a mirror may write: a pure check of a local root against the folders where files planted from OneDrive
 * would run code, hand out credentials or clobber the system. A remote folder holding `authorized_keys`, a
 * `.desktop` file or a LaunchAgent plist must never land in ~/.ssh, an autostart folder or a LaunchAgents folder.
 *
 * Refused: a filesystem root, the home folder itself and any folder that contains it, the app's data folder (inside
 * or containing it), credential and autostart folders (inside them, or any folder containing one, such as
 * ~/.config or ~/Library), system folders, and on macOS application bundles (opening one runs it).
 */
import nodePath from 'node:path';

export interface LocalRootContext {
  home: string;
  dataDir: string;
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
}

export type LocalRootCheck = { ok: true } | { ok: false; reason: string };

/** Under the home folder: credentials, keys, autostart and PATH folders. Refused inside and as a parent. */
const homeProtected: readonly string[] = [
  '.ssh',
  '.gnupg',
  '.aws',
  '.azure',
  '.kube',
  '.docker',
  '.password-store',
  '.config/autostart',
  '.config/systemd',
  '.config/environment.d',
  '.local/bin',
  '.local/share/applications',
  '.local/share/systemd',
  'bin',
  'Library/LaunchAgents',
  'Library/LaunchDaemons',
  'Library/Keychains',
];

/** System folders on Linux and macOS (inside, or as a parent). */
const posixSystem: readonly string[] = [
  '/etc',
  '/usr',
  '/bin',
  '/sbin',
  '/lib',
  '/lib64',
  '/boot',
  '/dev',
  '/proc',
  '/sys',
  '/opt',
  '/System',
  '/Applications',
  '/Library/LaunchAgents',
  '/Library/LaunchDaemons',
  '/Library/StartupItems',
  '/private/etc',
];

const startupTail = ['Microsoft', 'Windows', 'Start Menu', 'Programs', 'Startup'];

function windowsProtected(env: LocalRootContext['env']): string[] {
  const w = nodePath.win32;
  const out: string[] = [];
  if (env.APPDATA) out.push(w.join(env.APPDATA, ...startupTail));
  if (env.ProgramData ?? env.PROGRAMDATA) out.push(w.join((env.ProgramData ?? env.PROGRAMDATA)!, ...startupTail));
  for (const key of ['SystemRoot', 'windir', 'ProgramFiles', 'ProgramFiles(x86)', 'ProgramW6432']) {
    const v = env[key] ?? env[key.toUpperCase()];
    if (v) out.push(v);
  }
  return out;
}

/** Checks a local root the user or the renderer proposed. Pure: everything it needs comes in `ctx`. */
export function checkLocalRoot(raw: string, ctx: LocalRootContext): LocalRootCheck {
  const p = ctx.platform === 'win32' ? nodePath.win32 : nodePath.posix;
  const ci = ctx.platform === 'win32' || ctx.platform === 'darwin';
  if (!p.isAbsolute(raw)) return { ok: false, reason: `The local folder must be an absolute path: ${raw}` };
  const target = p.resolve(raw);
  const key = (x: string) => {
    const r = p.resolve(x);
    return ci ? r.toLowerCase() : r;
  };
  const inside = (inner: string, outer: string) => {
    const rel = p.relative(key(outer), key(inner));
    return rel === '' || (!rel.startsWith('..') && !p.isAbsolute(rel));
  };
  const refuse = (reason: string): LocalRootCheck => ({ ok: false, reason });

  if (target === p.parse(target).root) return refuse('Choose a folder, not a whole disk.');
  if (inside(ctx.home, target)) {
    return refuse(
      key(target) === key(ctx.home)
        ? `Choose a folder inside your home folder, not the home folder itself (${ctx.home}).`
        : `The local folder cannot contain your home folder (${ctx.home}).`,
    );
  }
  if (inside(target, ctx.dataDir) || inside(ctx.dataDir, target)) {
    return refuse(`The local folder cannot contain or be inside the app's data folder (${ctx.dataDir}).`);
  }
  const guarded = [
    ...homeProtected.map((rel) => p.join(ctx.home, ...rel.split('/'))),
    ...(ctx.platform === 'win32' ? windowsProtected(ctx.env) : posixSystem),
  ];
  for (const g of guarded) {
    if (inside(target, g) || inside(g, target)) {
      return refuse(
        `OneDrive Mirror does not write into ${g} or a folder that contains it: files placed there could run programs or grant access. Choose another folder.`,
      );
    }
  }
  if (ctx.platform === 'darwin' && target.split(p.sep).some((s) => /\.app$/i.test(s))) {
    return refuse('The local folder cannot be in an application bundle (.app).');
  }
  return { ok: true };
}
