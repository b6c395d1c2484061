/**
 * kill -9 during downloads, for real: a child process runs the engine, is SIGKILLed mid-download (the fake holds
 * the big downloads open part-way) once a finished file is checkpointed, and a clean rerun converges: same tree as the remote, verified files not fetched again,
 * the interrupted one resumed with Range, and no temp file left anywhere.
 */
import { spawn } from 'node:child_process';
import { promises as fs, watch as fsWatch } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { describe, expect, it } from 'vitest';
import { makeSync, readTree, remoteTree, sorted, useCloud } from './harness';

const h = useCloud();
const repo = path.resolve(import.meta.dirname, '../..');

async function partialSizes(root: string): Promise<number[]> {
  const names = await fs.readdir(root).catch(() => [] as string[]);
  const out: number[] = [];
  for (const n of names.filter((x) => x.endsWith('.partial')))
    out.push((await fs.stat(path.join(root, n)).catch(() => ({ size: 0 }))).size);
  return out;
}

describe.each(['personal', 'business'] as const)('kill -9 on a %s drive', (kind) => {
  it('converges on the next run with no temp files and no second download of verified files', async () => {
    const fx = await makeSync(h, {
      kind,
      tree: {
        'Docs/small.txt': 'small and quick',
        ...Object.fromEntries(Array.from({ length: 3 }, (_, i) => [`Docs/big${i}.bin`, { size: 3_000_000 }])),
      },
    });
    const { control } = h.cloud;
    // Every big download stops part-way and is held open until the child dies: the kill never races the end of
    // the run, however slow the machine. small.txt (shorter than the cut) is served whole and verified.
    control.fail('download', { kind: 'stall', afterBytes: 2_500_000 }, 100);
    const smallId = control.itemId(fx.acc.accountId, 'Docs/small.txt');
    const job = {
      graphUrl: h.cloud.graphUrl,
      token: control.issueAccessToken(fx.acc.accountId, 3600),
      config: fx.config,
      driveType: kind,
      stateDir: fx.stateDir,
      trashDir: fx.trashDir,
    };
    await fs.mkdir(fx.root, { recursive: true });
    await fs.mkdir(fx.stateDir, { recursive: true });
    const child = spawn(process.execPath, ['--import', 'tsx', 'e2e/sync/child-run.ts'], {
      cwd: repo,
      env: { ...process.env, ODM_CHILD_JOB: JSON.stringify(job), NODE_EXTRA_CA_CERTS: h.cloud.caPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | string | null>((resolve) => child.on('exit', (code, sig) => resolve(sig ?? code)));

    // Kill once the small file is checkpointed as verified and a big one has bytes on disk. Checked again on every
    // event that can change the answer: a progress line, a write in the local root or in the state folder.
    const watchers = [fsWatch(fx.root), fsWatch(fx.stateDir)];
    const killedAt = await new Promise<number[]>((resolve, reject) => {
      const lines = readline.createInterface({ input: child.stdout });
      let checking = false;
      let again = false;
      const check = async (): Promise<void> => {
        if (checking) return void (again = true);
        checking = true;
        do {
          again = false;
          // Checkpoints land in the state file or in its journal.
          const read = (ext: string): Promise<string> =>
            fs.readFile(path.join(fx.stateDir, `${fx.config.id}${ext}`), 'utf8').catch(() => '');
          const state = (await read('.json')) + (await read('.checkpoints.jsonl'));
          const partials = await partialSizes(fx.root);
          if (state.includes(smallId) && partials.some((s) => s > 0) && child.exitCode === null) {
            child.kill('SIGKILL');
            lines.close();
            return resolve(partials);
          }
        } while (again);
        checking = false;
      };
      lines.on('line', (line) => {
        if (line.includes('"summary"')) reject(new Error(`the child finished although its downloads were held: ${line}`));
        void check();
      });
      for (const w of watchers) w.on('change', () => void check());
      void exited.then((c) => reject(new Error(`child exited early (${c}): ${stderr}`)));
    }).finally(() => watchers.forEach((w) => w.close()));
    expect(await exited).toBe('SIGKILL');
    expect(killedAt.some((s) => s > 0)).toBe(true);

    control.clearFaults();
    control.resetCounts();
    const s = await fx.run();
    expect(s.result).toBe('success');
    expect(s.downloaded).toBeLessThanOrEqual(3); // small.txt was verified before the kill: not fetched again
    expect(control.requests().some((r) => r.route === 'download' && r.status === 206)).toBe(true); // resumed
    const local = await readTree(fx.root);
    expect([...local.keys()].filter((k) => k.includes('.odm-'))).toEqual([]);
    expect(sorted(local).map(([k]) => k)).toEqual(sorted(remoteTree(h, fx.acc)).map(([k]) => k));
    for (let i = 0; i < 3; i++) {
      const bytes = await fs.readFile(path.join(fx.root, `big${i}.bin`));
      expect(bytes.equals(control.content(fx.acc.accountId, `Docs/big${i}.bin`))).toBe(true);
    }
  }, 90_000); // the child starts through tsx: 10-20 s alone on two loaded cores
});
