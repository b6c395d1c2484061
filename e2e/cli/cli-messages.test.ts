/**
 * The built CLI's messages point the right way (issue 18): commands instead of the app's "Settings", hints that
 * keep the user's --data-dir, paused syncs named after a login, a TLS failure named as one, a way out of an
 * emptied folder (`sync reset`), progress on long runs, and read-only commands that create nothing.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILT_CLI, expectConverged, expectOk, localTree, startCli, useCliWorld, type User } from './harness';

const world = useCliWorld();
let user: User;

beforeAll(async () => {
  user = await world.user('msg');
  await user.login();
});

const withoutCa = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv => {
  const copy = { ...env };
  delete copy.NODE_EXTRA_CA_CERTS;
  return copy;
};

async function logText(u: User): Promise<string> {
  const dir = path.join(u.dataDir, 'logs');
  const files = await readdir(dir);
  return (await Promise.all(files.map((f) => readFile(path.join(dir, f), 'utf8')))).join('');
}

describe('CLI messages', { timeout: 120_000 }, () => {
  it('profile login names the paused syncs and the command to resume each, keeping --data-dir', async () => {
    const sync = await user.addSync('P1', { 'a.txt': 'a' });
    const dd = ['--data-dir', user.dataDir];
    const out = await user.cli(...dd, 'profile', 'logout', user.name);
    expectOk(out, 'logout');
    expect(out.stdout).toContain(`onedrive-mirror --data-dir ${user.dataDir} profile login ${user.name}`);
    world.cloud.control.setDeviceCode({ pendingPolls: 0, outcome: 'approve', accountId: user.account.accountId, interval: 0 });
    const login = await user.cli(...dd, 'profile', 'login', user.name, '--device-code');
    expectOk(login, 'login');
    expect(login.stdout).toMatch(/1 sync\(s\) of this profile are still paused/);
    expect(login.stdout).toContain(`onedrive-mirror --data-dir ${user.dataDir} sync resume ${sync.id}`);
    // `sync list` and `sync run` name the command too.
    const list = await user.cli(...dd, 'sync', 'list');
    expect(list.stdout).toContain(
      `${sync.id}: paused; resume with onedrive-mirror --data-dir ${user.dataDir} sync resume ${sync.id}`,
    );
    const run = await user.cli('sync', 'run');
    expect(run.stdout).toContain(`resume it with onedrive-mirror sync resume ${sync.id}`);
    expectOk(await user.cli('sync', 'resume', sync.id), 'resume');
  });

  it('names `onedrive-mirror setup --client-id ID` (not Settings) when no app registration is set', async () => {
    const fresh = await world.user('noreg');
    const env = { ...fresh.env };
    delete env.ONEDRIVE_MIRROR_CLIENT_ID;
    expectOk(await startCli(['profile', 'add', 'x'], env).done, 'profile add');
    const r = await startCli(['profile', 'login', 'x', '--device-code'], env).done;
    expect(r.stderr).toContain('onedrive-mirror setup --client-id ID');
    expect(r.stderr).not.toMatch(/Settings/);
    expect(r.code).toBe(2);
  });

  it('a TLS failure names the certificate problem, is logged as untrusted_certificate and promises no retry', async () => {
    const sync = await user.addSync('T1', { 'a.txt': 'a' });
    const r = await startCli(['sync', 'run', sync.id], withoutCa(user.env)).done;
    expect(r.stdout).toMatch(/certificate is not trusted \([A-Z_]+\)/);
    expect(r.stdout).toContain('NODE_EXTRA_CA_CERTS');
    expect(r.stdout).not.toMatch(/could not be reached|retry/i);
    expect(r.code).toBe(1);
    expect(await logText(user)).toMatch(/"code":"untrusted_certificate"/);
    expect((await user.syncList()).find((s) => s.id === sync.id)).toMatchObject({ errorCode: 'untrusted_certificate' });
    const login = await startCli(['profile', 'login', user.name, '--device-code'], withoutCa(user.env)).done;
    expect(login.stderr).toMatch(
      /^error: The secure connection to Microsoft sign-in was refused: its certificate is not trusted/m,
    );
    expect(login.code).toBe(1);
  });

  it("a relative --local resolves against the caller's folder, also under npm run (INIT_CWD)", async () => {
    world.cloud.control.addFolder(user.account.accountId, 'Rel');
    const caller = path.join(path.dirname(user.dataDir), 'caller');
    await mkdir(caller, { recursive: true });
    const env = { ...user.env, npm_lifecycle_event: 'cli', INIT_CWD: caller };
    const r = await startCli(['sync', 'add', '--profile', user.name, '--remote', '/Rel', '--local', 'rel-mirror', '--json'], env)
      .done;
    expectOk(r, 'sync add');
    expect((JSON.parse(r.stdout) as { localPath: string }).localPath).toBe(path.join(caller, 'rel-mirror'));
  });

  it('the profile mismatch names the tenant when the usernames are equal', async () => {
    const a = world.cloud.control.createAccount({ kind: 'business', username: 'same@contoso.com', tenantId: 'tenant-one' });
    const b = world.cloud.control.createAccount({ kind: 'business', username: 'same@contoso.com', tenantId: 'tenant-two' });
    const u = await world.user('twin');
    expectOk(await u.cli('profile', 'add', 'twin'), 'profile add');
    world.cloud.control.setDeviceCode({ pendingPolls: 0, outcome: 'approve', accountId: a.accountId, interval: 0 });
    expectOk(await u.cli('profile', 'login', 'twin', '--device-code'), 'login a');
    world.cloud.control.addFolder(a.accountId, 'D');
    expectOk(
      await u.cli('sync', 'add', '--profile', 'twin', '--remote', '/D', '--local', path.join(path.dirname(u.dataDir), 'D')),
      'sync add',
    );
    world.cloud.control.setDeviceCode({ pendingPolls: 0, outcome: 'approve', accountId: b.accountId, interval: 0 });
    const r = await u.cli('profile', 'login', 'twin', '--device-code');
    expect(r.stderr).toMatch(/same username, another account \(tenant tenant-two instead of tenant-one/);
    expect(r.code).toBe(2);
  });

  it('an emptied folder says "empty" and names `sync reset`; reset asks with how much, then downloads everything again', async () => {
    const sync = await user.addSync('E1', { 'a.txt': 'alpha', 'Sub/b.txt': 'bravo' });
    expectOk(await user.cli('sync', 'run', sync.id), 'first run');
    await rm(sync.local, { recursive: true });
    await mkdir(sync.local);
    const failed = await user.cli('sync', 'run', sync.id);
    expect(failed.stdout).toMatch(/FAIL \/E1 -> .*: The local folder is empty/);
    expect(failed.stdout).toContain(`onedrive-mirror sync reset ${sync.id}`);
    expect(failed.code).toBe(1);
    // No terminal and no --yes: the question is shown, nothing changes, exit 2.
    const asked = await user.cli('sync', 'reset', sync.id);
    expect(asked.stderr).toMatch(/downloads everything again into .* \(2 files, 10 B at its last listing\)/);
    expect(asked.stderr).toContain('--yes');
    expect(asked.code).toBe(2);
    expect((await user.syncList()).find((s) => s.id === sync.id)).toMatchObject({ errorCode: 'local_missing' });
    const reset = await user.cli('sync', 'reset', sync.id, '--yes');
    expectOk(reset, 'reset');
    expect(reset.stdout).toContain(`onedrive-mirror sync run ${sync.id}`);
    expectOk(await user.cli('sync', 'run', sync.id), 'run after reset');
    await expectConverged(world, user, sync);
  });

  it('names skipped files in the text output', async () => {
    const sync = await user.addSync('S1', { 'ok.txt': 'ok', 'bad\u0001name.txt': 'x' });
    const r = await user.cli('sync', 'run', sync.id);
    expect(r.stdout.split('\n')).toContain('  Skipped: bad\u0001name.txt (the name contains a control character)');
    expect(await localTree(sync)).toEqual({ 'ok.txt': 'ok' });
  });

  it('a long run shows progress lines on stderr without a terminal, and none with --json', async () => {
    const sync = await user.addSync('L1', {
      'a.bin': { size: 96 * 1024 },
      'b.bin': { size: 96 * 1024 },
      'c.bin': { size: 96 * 1024 },
    });
    world.cloud.control.setLatency({ downloadBytesPerSecond: 32 * 1024 });
    try {
      const env = { ...user.env, ONEDRIVE_MIRROR_PROGRESS_SECONDS: '0.2' };
      const r = await startCli(['sync', 'run', sync.id], env).done;
      expectOk(r, 'sync run');
      expect(r.stderr).toMatch(/^\/L1: \d+% \d\/3 files, .* of 288 KB, .*\/s, .* left$/m);
      expect(r.stdout).not.toMatch(/%/);
      world.cloud.control.addFile(user.account.accountId, 'L1/d.bin', { size: 96 * 1024 });
      const json = await startCli(['sync', 'run', sync.id, '--json'], env).done;
      expectOk(json, 'sync run --json');
      expect(json.stderr).toBe('');
      expect(() => JSON.parse(json.stdout) as unknown).not.toThrow();
    } finally {
      world.cloud.control.setLatency({ downloadBytesPerSecond: 0 });
    }
  });

  it('a read-only command with a mistyped --data-dir creates nothing and says so (exit 2)', async () => {
    const typo = path.join(os.tmpdir(), `odm-typo-${process.pid}`, 'dat');
    const r = await user.cli('--data-dir', typo, 'sync', 'list');
    expect(r.stderr).toContain(`There is no OneDrive Mirror data folder at ${typo}`);
    expect(r.code).toBe(2);
    expect(existsSync(path.dirname(typo))).toBe(false);
  });

  it('answering "n" at the setup prompt (a terminal) changes nothing and exits 0', async () => {
    const own = await world.user('decline');
    await own.login();
    // `script` gives the CLI a pseudo-terminal, so it asks instead of demanding --yes.
    const cmd = [process.execPath, BUILT_CLI, 'setup', '--client-id', '0f0e0d0c-0b0a-4998-8776-655443322110']
      .map((a) => `'${a}'`)
      .join(' ');
    expectOk(await own.cli('setup', '--client-id', world.cloud.clientId, '--yes'), 'setup'); // stored, same id: no change
    const env = { ...own.env };
    delete env.ONEDRIVE_MIRROR_CLIENT_ID; // the env var would override the new id, and nothing would change
    const child = spawn('script', ['-qec', cmd, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    const asked = new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (/\[y\/N\]/.test(out)) resolve();
      }),
    );
    const code = new Promise<number | null>((resolve) => child.on('close', resolve));
    await Promise.race([asked, code.then(() => Promise.reject(new Error(`ended without asking: ${out}`)))]);
    child.stdin.write('n\n');
    expect(await code).toBe(0);
    expect(out).toContain('Nothing was changed.');
    const profiles = JSON.parse((await own.cli('profile', 'list', '--json')).stdout) as Array<{ authState: string }>;
    expect(profiles.map((p) => p.authState)).toEqual(['connected']);
  });
});
