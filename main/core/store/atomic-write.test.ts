import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { silentLogger } from '../ports';
import { openDbStore } from './db-store';
import { dbSchema } from './schema';

const script = path.resolve(__dirname, '../testing/write-loop.ts');
let dir: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'odm-atomic-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** Starts the writer, waits for `minGenerations` completed writes plus a random moment, then SIGKILLs it. */
async function killWhileWriting(minGenerations: number, extraMs: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let lastGen = 0;
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      const gens = [...d.toString().matchAll(/gen (\d+)/g)].map((m) => Number(m[1]));
      lastGen = Math.max(lastGen, ...gens);
      if (lastGen >= minGenerations) resolve();
    });
    child.on('exit', (code) => reject(new Error(`writer exited early (${code}): ${stderr}`)));
  });
  await new Promise((r) => setTimeout(r, extraMs));
  child.kill('SIGKILL');
  await exited;
  return lastGen;
}

it('a writer killed with SIGKILL mid-write leaves the old or the new db.json, never a broken one', async () => {
  const rounds = [3, 17, 41];
  for (const extraMs of rounds) {
    const lastReported = await killWhileWriting(5, extraMs);
    const text = await fs.readFile(path.join(dir, 'db.json'), 'utf8');
    const db = dbSchema.parse(JSON.parse(text));
    const gen = db.settings.bigDeleteFiles;
    // a whole generation: its config count and every config's stamp match the generation number
    expect(gen).toBeGreaterThanOrEqual(lastReported);
    expect(db.syncConfigs).toHaveLength((gen % 7) * 150);
    expect(db.syncConfigs.every((c) => c.metadata.gen === gen)).toBe(true);
    // and the next start uses it as is, sweeping the interrupted temp file
    const store = await openDbStore({ dataDir: dir, logger: silentLogger });
    expect(store.recovered).toBeNull();
    expect(store.data.settings.bigDeleteFiles).toBe(gen);
    await store.close();
    expect((await fs.readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  }
}, 60_000);
