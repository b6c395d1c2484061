/**
 * A folder the user typed on the command line, as they meant it: `~` is their home folder (a quoted "~/x" reaches
 * us unexpanded and would otherwise become ./~/x), and a relative path is relative to where they ran the command,
 * also under `npm run cli`, which runs in the package folder and passes the caller's folder as INIT_CWD.
 */
import os from 'node:os';
import path from 'node:path';

export function resolveUserPath(raw: string, env: Record<string, string | undefined>, home = os.homedir()): string {
  if (raw === '~') return home;
  if (raw.startsWith('~/') || (path.sep === '\\' && raw.startsWith('~\\'))) return path.join(home, raw.slice(2));
  const base = env.npm_lifecycle_event && env.INIT_CWD ? env.INIT_CWD : process.cwd();
  return path.resolve(base, raw);
}
