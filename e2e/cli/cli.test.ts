/**
 * The built CLI end to end, as a script would use it: real child processes, real HTTPS to the fake cloud, real files.
 * profile add -> login with a device code -> sync add -> sync run -> files on disk -> sync list --json;
 * then `run` performs a scheduled sync (1-minute interval) and exits 0 on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeCloud, type FakeCloud } from '../fake-cloud';
import { assertBuiltCli, BUILT_CLI } from './harness';

const repo = path.resolve(import.meta.dirname, '../..');
let cloud: FakeCloud;
let tmp: string;
let env: NodeJS.ProcessEnv;
let account: { accountId: string };

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The built CLI, as users run it (`npm run build` writes it; npm test builds first). */
function cliProcess(args: string[]) {
  return spawn(process.execPath, [BUILT_CLI, ...args], {
    cwd: repo,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function cli(...args: string[]): Promise<CliResult> {
  const child = cliProcess(args);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

beforeAll(async () => {
  assertBuiltCli();
  cloud = await startFakeCloud();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'odm-cli-'));
  const acc = cloud.control.createAccount({
    kind: 'personal',
    username: 'demo@example.com',
    tree: { 'Docs/a.txt': 'hello', 'Docs/Sub/b.txt': 'world', 'Other/c.txt': 'not synced' },
  });
  account = acc;
  cloud.control.setDeviceCode({ pendingPolls: 1, outcome: 'approve', accountId: acc.accountId, interval: 0 });
  env = {
    ...process.env,
    ONEDRIVE_MIRROR_AUTHORITY: cloud.authority,
    ONEDRIVE_MIRROR_GRAPH_URL: cloud.graphUrl,
    ONEDRIVE_MIRROR_CLIENT_ID: cloud.clientId,
    ONEDRIVE_MIRROR_DATA_DIR: path.join(tmp, 'data'),
    NODE_EXTRA_CA_CERTS: cloud.caPath,
  };
});

afterAll(async () => {
  await cloud?.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('onedrive-mirror CLI', () => {
  const local = () => path.join(tmp, 'Docs mirror');
  let syncId = '';

  it('adds a profile and signs it in with a device code', async () => {
    const add = await cli('profile', 'add', 'demo');
    expect(add.stderr).not.toMatch(/error/i);
    expect(add.code).toBe(0);
    const login = await cli('profile', 'login', 'demo', '--device-code');
    expect(login.stderr).not.toMatch(/error/i);
    expect(login.code).toBe(0);
    expect(login.stdout).toMatch(/code/i);
    expect(login.stdout).toContain('demo@example.com');
    expect(login.stderr).toContain('warning: Tokens are stored unencrypted');
    const list = await cli('profile', 'list', '--json');
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({ name: 'demo', authState: 'connected', username: 'demo@example.com', driveType: 'personal' }),
    ]);
  });

  it('adds a sync by OneDrive path and runs it: the files are on disk', async () => {
    const add = await cli(
      'sync',
      'add',
      '--profile',
      'demo',
      '--remote',
      '/Docs',
      '--local',
      local(),
      '--interval',
      '1',
      '--json',
    );
    expect(add.stderr).not.toMatch(/error/i);
    expect(add.code).toBe(0);
    syncId = (JSON.parse(add.stdout) as { id: string }).id;
    const run = await cli('sync', 'run');
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    expect(await readFile(path.join(local(), 'a.txt'), 'utf8')).toBe('hello');
    expect(await readFile(path.join(local(), 'Sub', 'b.txt'), 'utf8')).toBe('world');
    const list = await cli('sync', 'list', '--json');
    const [sync] = JSON.parse(list.stdout) as { id: string; lastSyncAt: string | null; lastSyncStatus: string }[];
    expect(sync).toMatchObject({ id: syncId, lastSyncStatus: 'success' });
    expect(Date.parse(sync!.lastSyncAt!)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('refuses bad input with exit code 2', async () => {
    const r = await cli('sync', 'add', '--profile', 'nobody', '--remote', '/Docs', '--local', path.join(tmp, 'x'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nobody');
  });

  it('`run` performs a scheduled sync on its interval and exits 0 on SIGTERM', async () => {
    cloud.control.addFile(account.accountId, 'Docs/new.txt', 'scheduled');
    // The last run ended 50 s ago (as if this test had waited 50 s of the 1-minute interval): the sync is not due when
    // `run` starts, and becomes due 10 s later (plus up to 6 s of jitter). Nothing else in the stored state changes.
    const dbFile = path.join(tmp, 'data', 'db.json');
    const db = JSON.parse(await readFile(dbFile, 'utf8')) as { syncConfigs: { lastSyncAt: string }[] };
    const lastRunEnd = Date.now() - 50_000;
    db.syncConfigs[0]!.lastSyncAt = new Date(lastRunEnd).toISOString();
    await writeFile(dbFile, JSON.stringify(db));
    const child = cliProcess(['run']);
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const scheduledRun = new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (/ok\s+\/Docs/.test(stdout)) resolve();
      });
      child.once('close', (code) => reject(new Error(`run exited early (${code}): ${stdout} ${stderr}`)));
    });
    await scheduledRun; // the interval (1 min + jitter) elapsing since the last run
    expect(Date.now()).toBeGreaterThanOrEqual(lastRunEnd + 60_000); // on its interval, not at start
    expect(await readFile(path.join(local(), 'new.txt'), 'utf8')).toBe('scheduled');
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 120_000);

  it('exits 3 when the account must sign in again', async () => {
    cloud.control.revokeRefreshTokens(account.accountId, { suberror: 'bad_token' });
    cloud.control.expireAccessTokens(account.accountId);
    const r = await cli('sync', 'run', syncId);
    expect(r.code).toBe(3);
    const list = await cli('sync', 'list', '--json');
    expect(JSON.parse(list.stdout)[0]).toMatchObject({ status: 'error', errorCode: 'reconnect_required', action: 'reconnect' });
  });
});
