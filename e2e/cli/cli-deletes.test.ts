/**
 * Deletion decisions of the built CLI (`node out/cli/index.js`, run `npm run build` first), one process per
 * command as a script runs them: a big delete stops (exit 1, the message says why and how to go on), the user's
 * decision is made in a process of its own, and the next `sync run` (another process) acts on it.
 *
 * The OS trash is observed through the `trash` package's Linux rules: HOME and XDG_DATA_HOME point into the temp
 * dir, so trashed files land in <tmp>/xdg/Trash/files with a .trashinfo each (nothing touches the real trash).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeCloud, type FakeCloud } from '../fake-cloud';
import { assertBuiltCli, startCli, type CliResult } from './harness';
import { cliEnv } from '../fake-cloud/cli-env';

let cloud: FakeCloud;
let tmp: string;
let env: NodeJS.ProcessEnv;
let accountId: string;

/** One command of the built CLI, as its own process, to its end. */
const cli = (...args: string[]): Promise<CliResult> => startCli(args, env).done;

interface ListedSync {
  id: string;
  status: string;
  errorCode: string | null;
  pendingDeletes: number;
  confirmedDeletes: number;
}

async function listed(id: string): Promise<ListedSync> {
  const r = await cli('sync', 'list', '--json');
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as ListedSync[]).find((s) => s.id === id)!;
}

/** What the trash holds that came from `dir`: the original names, from the .trashinfo files. */
async function trashedFrom(dir: string): Promise<string[]> {
  const info = path.join(tmp, 'xdg/Trash/info');
  if (!existsSync(info)) return [];
  const out: string[] = [];
  for (const f of await readdir(info)) {
    const text = await readFile(path.join(info, f), 'utf8');
    const p = decodeURI(/^Path=(.*)$/m.exec(text)![1]!);
    if (path.dirname(p) === dir) out.push(path.basename(p));
  }
  return out.sort();
}

async function localFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((n) => !n.startsWith('.')).sort();
}

const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(2, '0')}.txt`);

async function addSync(remote: string): Promise<{ id: string; local: string }> {
  const local = path.join(tmp, `${remote} mirror`);
  const add = await cli('sync', 'add', '--profile', 'demo', '--remote', `/${remote}`, '--local', local, '--json');
  expect(add.code, add.stderr).toBe(0);
  const id = (JSON.parse(add.stdout) as { id: string }).id;
  const first = await cli('sync', 'run', id);
  expect(first.code, first.stdout + first.stderr).toBe(0);
  return { id, local };
}

beforeAll(async () => {
  assertBuiltCli();
  cloud = await startFakeCloud();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'odm-cli-deletes-'));
  await mkdir(path.join(tmp, 'home'));
  const tree: Record<string, string> = {};
  for (const n of names('a', 12)) tree[`All/${n}`] = n;
  for (const n of names('k', 12)) tree[`Keep/${n}`] = n;
  for (const n of names('m', 10)) tree[`More/${n}`] = n;
  const acc = cloud.control.createAccount({ kind: 'personal', username: 'demo@example.com', tree });
  accountId = acc.accountId;
  cloud.control.setDeviceCode({ pendingPolls: 0, outcome: 'approve', accountId, interval: 0 });
  env = {
    ...cliEnv(cloud, path.join(tmp, 'data')),
    HOME: path.join(tmp, 'home'),
    XDG_DATA_HOME: path.join(tmp, 'xdg'),
  };
  expect((await cli('profile', 'add', 'demo')).code).toBe(0);
  const login = await cli('profile', 'login', 'demo', '--device-code');
  expect(login.code, login.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await cloud?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

// A dozen CLI processes per test, each loading the core, on a shared 2-core machine.
describe('deletion decisions of the built CLI, one process per command', { timeout: 180_000 }, () => {
  it('every tracked file gone: the run stops; confirm-deletes in one process, the next run trashes exactly those', async () => {
    const { id, local } = await addSync('All');
    for (const n of names('a', 12)) cloud.control.delete(accountId, `All/${n}`);

    const stopped = await cli('sync', 'run', id);
    expect(stopped.code).toBe(1);
    const said = stopped.stdout + stopped.stderr;
    expect(said).toMatch(/none of the 12 files/i);
    expect(said).toContain(`onedrive-mirror sync confirm-deletes ${id}`);
    expect(said).toContain(`onedrive-mirror sync keep-files ${id}`);
    expect(await localFiles(local)).toEqual(names('a', 12));
    expect(await trashedFrom(local)).toEqual([]);
    expect(await listed(id)).toMatchObject({
      status: 'error',
      errorCode: 'confirm_deletes',
      pendingDeletes: 12,
      confirmedDeletes: 0,
    });

    const confirm = await cli('sync', 'confirm-deletes', id);
    expect(confirm.code, confirm.stderr).toBe(0);
    expect(confirm.stdout).toMatch(/12 file/);
    expect(await listed(id)).toMatchObject({
      status: 'active',
      errorCode: null,
      pendingDeletes: 12,
      confirmedDeletes: 12,
    });
    expect(await trashedFrom(local)).toEqual([]); // deciding is not doing: the next run trashes

    const run = await cli('sync', 'run', id);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/12 trashed/);
    expect(await localFiles(local)).toEqual([]);
    expect(await trashedFrom(local)).toEqual(names('a', 12));
    // The decision was used up: nothing pending, nothing confirmed, the next run has nothing to ask.
    expect(await listed(id)).toMatchObject({ status: 'active', pendingDeletes: 0, confirmedDeletes: 0 });
    const again = await cli('sync', 'run', id);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/no changes/);
  });

  it('keep-files in one process: the files stay, are no longer mirrored, and later runs do not ask', async () => {
    const { id, local } = await addSync('Keep');
    for (const n of names('k', 12)) cloud.control.delete(accountId, `Keep/${n}`);
    expect((await cli('sync', 'run', id)).code).toBe(1);

    const keep = await cli('sync', 'keep-files', id);
    expect(keep.code, keep.stderr).toBe(0);
    expect(keep.stdout).toMatch(/Kept 12 file/);
    expect(await listed(id)).toMatchObject({ status: 'active', pendingDeletes: 0, confirmedDeletes: 0 });

    for (let i = 0; i < 2; i++) {
      const run = await cli('sync', 'run', id);
      expect(run.code, run.stdout + run.stderr).toBe(0);
    }
    expect(await localFiles(local)).toEqual(names('k', 12));
    expect(await trashedFrom(local)).toEqual([]);
  });

  it('the threshold is a setting; a run that would trash more than was confirmed asks again', async () => {
    const bad = await cli('settings', 'set', 'big-delete-files', 'lots');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/whole number/);
    const set = await cli('settings', 'set', 'big-delete-files', '5');
    expect(set.code, set.stderr).toBe(0);
    const got = await cli('settings', 'get', '--json');
    expect(JSON.parse(got.stdout)).toMatchObject({ bigDeleteFiles: 5 });
    expect(JSON.parse(got.stdout)).not.toHaveProperty('bigDeletePercent');

    const { id, local } = await addSync('More');
    const all = names('m', 10);
    for (const n of all.slice(0, 6)) cloud.control.delete(accountId, `More/${n}`);
    const stopped = await cli('sync', 'run', id);
    expect(stopped.code).toBe(1);
    expect(stopped.stdout + stopped.stderr).toMatch(/6 files .*more than 5/);
    expect((await cli('sync', 'confirm-deletes', id)).code).toBe(0);

    // One more file goes online before the confirmed run: 7 is more than the 6 the user saw.
    cloud.control.delete(accountId, `More/${all[6]}`);
    const asks = await cli('sync', 'run', id);
    expect(asks.code).toBe(1);
    expect(asks.stdout + asks.stderr).toMatch(/7 files/);
    expect(await trashedFrom(local)).toEqual([]);
    expect(await listed(id)).toMatchObject({
      errorCode: 'confirm_deletes',
      pendingDeletes: 7,
      confirmedDeletes: 0,
    });

    expect((await cli('sync', 'confirm-deletes', id)).code).toBe(0);
    const run = await cli('sync', 'run', id);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(await trashedFrom(local)).toEqual(all.slice(0, 7));
    expect(await localFiles(local)).toEqual(all.slice(7));
  });
});
