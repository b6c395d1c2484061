/**
 * Issue 18, item 1 through the built CLI: `setup` without --client-id uses the build's default app registration
 * (ODM_DEFAULT_CLIENT_ID / ODM_DEFAULT_AUTHORITY / ODM_DEFAULT_GRAPH_URL at build time, here the fake cloud's), and a
 * plain build refuses it; a client id that is not a GUID is refused with the contract's message.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeCloud, type FakeCloud } from '../fake-cloud';
import { assertBuiltCli, BUILT_CLI, startCli } from './harness';

const repo = path.resolve(import.meta.dirname, '../..');
// Inside the checkout: the bundle imports its runtime dependencies from node_modules.
const builtInOut = path.join(repo, 'out', `cli-built-in-${process.pid}`);
const clientId = '0123abcd-4567-89ab-cdef-0123456789ab';
let cloud: FakeCloud;
let tmp: string;

/** The user's environment: only the CA of the fake cloud, no ONEDRIVE_MIRROR_* overrides. */
const userEnv = (dataDir: string): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, ONEDRIVE_MIRROR_DATA_DIR: dataDir, NODE_EXTRA_CA_CERTS: cloud.caPath };
  for (const k of Object.keys(env)) if (k.startsWith('ONEDRIVE_MIRROR_') && k !== 'ONEDRIVE_MIRROR_DATA_DIR') delete env[k];
  return env;
};

/** Asynchronous: the fake cloud answers from this process, which a spawnSync would block. */
async function run(cli: string, dataDir: string, ...args: string[]) {
  const r = await startCli(args, userEnv(dataDir), cli).done;
  return { status: r.code, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  assertBuiltCli();
  cloud = await startFakeCloud();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'odm-cli-default-'));
  const acc = cloud.control.createAccount({ kind: 'personal', username: 'built-in@example.com', tree: { 'a.txt': 'a' } });
  cloud.control.setDeviceCode({ pendingPolls: 0, outcome: 'approve', accountId: acc.accountId, interval: 0 });
  const build = spawnSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--mode', 'cli', '--outDir', builtInOut, '--logLevel', 'warn'],
    {
      cwd: repo,
      env: {
        ...process.env,
        ODM_DEFAULT_CLIENT_ID: clientId,
        ODM_DEFAULT_AUTHORITY: cloud.authority,
        ODM_DEFAULT_GRAPH_URL: cloud.graphUrl,
      },
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  if (build.status !== 0) throw new Error(`the CLI build with a default registration failed: ${build.stderr}`);
}, 180_000);

afterAll(async () => {
  await cloud?.close();
  await rm(builtInOut, { recursive: true, force: true });
  await rm(tmp, { recursive: true, force: true });
});

describe('setup without --client-id', () => {
  it('in a build with a default registration: uses it, and a profile signs in with no client id anywhere', async () => {
    const cli = path.join(builtInOut, 'index.js');
    const data = path.join(tmp, 'with-default');
    const setup = await run(cli, data, 'setup');
    expect(setup.stderr).toBe('');
    expect(setup.stdout).toContain("Using this build's default app registration.");
    expect(setup.status).toBe(0);
    expect((await run(cli, data, 'profile', 'add', 'me')).status).toBe(0);
    const signIn = await run(cli, data, 'profile', 'login', 'me', '--device-code');
    expect(signIn.stdout + signIn.stderr).toContain('Signed in as built-in@example.com');
    expect(signIn.status).toBe(0);
  });

  it('in a build without one: exit 2, saying to give --client-id', async () => {
    const r = await run(BUILT_CLI, path.join(tmp, 'plain'), 'setup');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('setup needs --client-id ID');
  });

  it("refuses a client id that is not a GUID with the contract's message, saving nothing", async () => {
    const data = path.join(tmp, 'bad-id');
    const r = await run(BUILT_CLI, data, 'setup', '--client-id', 'my-app');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--client-id: The client id must be the Application \(client\) ID .* a GUID like/);
    const db = path.join(data, 'db.json');
    if (existsSync(db)) expect(readFileSync(db, 'utf8')).not.toContain('my-app');
  });
});
