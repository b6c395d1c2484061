/**
 * Linux: is the connection metered? NetworkManager's D-Bus property `org.freedesktop.NetworkManager.Metered`
 * (NMMetered: 0 unknown, 1 yes, 2 no, 3 guessed yes, e.g. a phone's hotspot, 4 guessed no), read with systemd's
 * `busctl` (no D-Bus library in the app). No busctl, no NetworkManager, no system bus: unknown (null), which
 * never pauses anything.
 */
import { execFile } from 'node:child_process';

export type RunFile = (file: string, args: string[]) => Promise<string>;

const runFile: RunFile = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 5_000, windowsHide: true }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });

const ARGS = [
  '--system',
  'get-property',
  'org.freedesktop.NetworkManager',
  '/org/freedesktop/NetworkManager',
  'org.freedesktop.NetworkManager',
  'Metered',
];

/** busctl's answer (`u 4`) as metered or not; null for unknown or anything unexpected. */
export function parseMetered(output: string): boolean | null {
  const m = /^u\s+(\d+)\s*$/.exec(output.trim());
  if (!m) return null;
  return ({ 1: true, 3: true, 2: false, 4: false } as Record<string, boolean>)[m[1]!] ?? null;
}

export async function readNetworkManagerMetered(run: RunFile = runFile): Promise<boolean | null> {
  try {
    return parseMetered(await run('busctl', ARGS));
  } catch {
    return null;
  }
}
