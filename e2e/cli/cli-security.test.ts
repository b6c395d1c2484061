/**
 * Issue 13 through the CLI, as a script runs it (real child processes, the fake cloud, real files): `setup` that
 * would sign profiles out needs --yes (exit 2 and nothing changed without it, stdin not being a terminal), and with
 * it deletes the token caches; `sync add` refuses credential and autostart folders and a folder that has files
 * unless --allow-nonempty. Runs the built CLI (out/cli/index.js, `npm run build`).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeCloud, type FakeCloud } from '../fake-cloud';
import { assertBuiltCli, startCli, type CliResult } from './harness';
import { cliEnv } from '../fake-cloud/cli-env';

let cloud: FakeCloud;
let tmp: string;
let env: NodeJS.ProcessEnv;

/** One command of the built CLI, as its own process, to its end. */
const cli = (...args: string[]): Promise<CliResult> => startCli(args, env).done;

const dataDir = () => path.join(tmp, 'data');
const db = async () => JSON.parse(await readFile(path.join(dataDir(), 'db.json'), 'utf8')) as { cloud: { clientId: string } };

beforeAll(async () => {
  assertBuiltCli();
  cloud = await startFakeCloud();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'odm-cli-sec-'));
  const acc = cloud.control.createAccount({
    kind: 'personal',
    username: 'sec@example.com',
    tree: { 'Docs/a.txt': 'hello' },
  });
  cloud.control.setDeviceCode({ pendingPolls: 0, outcome: 'approve', accountId: acc.accountId, interval: 0 });
  // The client id comes from `setup` (no env override), so changing it is a real change of where tokens are valid.
  env = {
    ...cliEnv(cloud, dataDir()),
    ONEDRIVE_MIRROR_CLIENT_ID: '',
    HOME: path.join(tmp, 'home'),
  };
  await mkdir(path.join(tmp, 'home'), { recursive: true });
});

afterAll(async () => {
  await cloud?.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('CLI setup and sign-ins', () => {
  it('a first setup asks nothing; a profile signs in', async () => {
    expect((await cli('setup', '--client-id', '00000000-0000-0000-0000-0000000f1257')).code).toBe(0);
    expect((await cli('profile', 'add', 'sec')).code).toBe(0);
    const login = await cli('profile', 'login', 'sec', '--device-code');
    expect(login.stderr).not.toMatch(/error/i);
    expect(login.code).toBe(0);
    expect(await readdir(path.join(dataDir(), 'tokens'))).toHaveLength(1);
  });

  it('a new client id without --yes and without a terminal: exit 2, and nothing changed', async () => {
    const r = await cli('setup', '--client-id', '00000000-0000-0000-0000-00000000a7e2');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('signs out 1 profile');
    expect(r.stderr).toContain('--yes');
    expect((await db()).cloud.clientId).toBe('00000000-0000-0000-0000-0000000f1257');
    expect(await readdir(path.join(dataDir(), 'tokens'))).toHaveLength(1);
    const list = await cli('profile', 'list', '--json');
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ name: 'sec', authState: 'connected' })]);
  });

  it('with --yes: saved, the token cache deleted, the profile shows Reconnect', async () => {
    const r = await cli('setup', '--client-id', '00000000-0000-0000-0000-00000000a7e2', '--yes');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Signed out 1 profile(s): sec');
    expect((await db()).cloud.clientId).toBe('00000000-0000-0000-0000-00000000a7e2');
    const tokens = path.join(dataDir(), 'tokens');
    expect(existsSync(tokens) ? await readdir(tokens) : []).toEqual([]);
    const list = await cli('profile', 'list', '--json');
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ name: 'sec', authState: 'reconnect_required' })]);
  });
});

describe('CLI sync add: where a mirror may write', () => {
  const home = () => path.join(tmp, 'home');

  it('refuses ~/.ssh, ~/.config/autostart and ~/Library/LaunchAgents with exit 2, creating nothing', async () => {
    // Signed out by the setup above: reconnect first (sign-in is checked before the folder).
    expect((await cli('profile', 'login', 'sec', '--device-code')).code).toBe(0);
    for (const rel of ['.ssh', '.config/autostart', 'Library/LaunchAgents']) {
      const target = path.join(home(), ...rel.split('/'));
      const r = await cli('sync', 'add', '--profile', 'sec', '--remote', '/Docs', '--local', target);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('does not write into');
      expect(existsSync(target)).toBe(false);
    }
  });

  it('a folder with files: exit 2 with the explanation; --allow-nonempty goes ahead', async () => {
    const full = path.join(tmp, 'full');
    await mkdir(full);
    await writeFile(path.join(full, 'mine.txt'), 'mine');
    const refused = await cli('sync', 'add', '--profile', 'sec', '--remote', '/Docs', '--local', full);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('already holds files');
    expect(refused.stderr).toContain('--allow-nonempty');
    const list = await cli('sync', 'list', '--json');
    expect(JSON.parse(list.stdout)).toEqual([]);
    const ok = await cli('sync', 'add', '--profile', 'sec', '--remote', '/Docs', '--local', full, '--allow-nonempty');
    expect(ok.stderr).not.toMatch(/error/i);
    expect(ok.code).toBe(0);
  });

  it('a sync folder swapped for a symlink into ~/.ssh after it was added: the run refuses (exit 1), writes nothing there', async () => {
    const mirror = path.join(home(), 'shared', 'mirror');
    const ssh = path.join(home(), '.ssh');
    await mkdir(path.dirname(mirror), { recursive: true });
    const add = await cli('sync', 'add', '--profile', 'sec', '--remote', '/Docs', '--local', mirror, '--json');
    expect(add.code).toBe(0);
    const id = (JSON.parse(add.stdout) as { id: string }).id;
    await rm(mirror, { recursive: true, force: true });
    await mkdir(ssh, { recursive: true });
    await writeFile(path.join(ssh, 'authorized_keys'), 'ssh-ed25519 mine');
    await symlink(ssh, mirror);
    const run = await cli('sync', 'run', id);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toContain('now leads to');
    expect((await readdir(ssh)).sort()).toEqual(['authorized_keys']);
    expect(await readFile(path.join(ssh, 'authorized_keys'), 'utf8')).toBe('ssh-ed25519 mine');
  });
});
