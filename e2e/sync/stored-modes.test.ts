/** Issue 13, item 5: what a run stores about the user's files (manifest, journals, download URLs) is theirs only. */
import { promises as fs, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSync, useCloud } from './harness';

const h = useCloud();
const mode = (p: string): number | null => {
  const st = statSync(p, { throwIfNoEntry: false });
  return st ? st.mode & 0o777 : null;
};

describe.skipIf(process.platform === 'win32')('stored state modes (POSIX; Windows has none)', () => {
  it('keeps state/ 0700 (even one made 0755 before) and the state file, checkpoints, moves and URL spool 0600', async () => {
    const fx = await makeSync(h, { kind: 'personal', tree: { 'Docs/Sub/a.txt': 'a', 'Docs/b.txt': 'b' } });
    await fs.mkdir(fx.stateDir, { mode: 0o755 });
    await fs.chmod(fx.stateDir, 0o755);
    const seen = new Map<string, number | null>();
    const look = (): void => {
      for (const n of readdirSync(fx.stateDir)) {
        const m = mode(path.join(fx.stateDir, n));
        if (m !== null) seen.set(n.replace(/^[^.]+/, '<id>').replace(/\.[0-9a-f]{12}\.tmp$/, '.<tmp>'), m);
      }
    };
    await fx.run({ onProgress: look, checkpoint: { everyFiles: 1 } });
    look();
    h.cloud.control.rename(fx.acc.accountId, 'Docs/Sub', 'Moved');
    h.cloud.control.addFile(fx.acc.accountId, 'Docs/c.txt', 'c');
    await fx.run({ onProgress: look, checkpoint: { everyFiles: 1 } });
    look();
    expect(mode(fx.stateDir)).toBe(0o700);
    expect([...seen.keys()]).toEqual(
      expect.arrayContaining(['<id>.json', '<id>.checkpoints.jsonl', '<id>.moves.jsonl', '<id>.urls.tmp']),
    );
    for (const [name, m] of seen) expect([name, m]).toEqual([name, 0o600]);
  });
});
