/**
 * The built CLI: exclusions (`sync add/edit --exclude, --exclude-folder, --max-size`, shown by `sync list --json`)
 * and the preview (`sync run ID --dry-run --json`), which writes nothing: tree, state files and db.json stay
 * byte-identical, and its figures are those of the run that follows.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
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

function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BUILT_CLI, ...args], {
    cwd: repo,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Every file under `dir` with its bytes and mtime (the data dir's logs aside). */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of await readdir(dir, { recursive: true })) {
    if (name.startsWith('logs')) continue;
    const abs = path.join(dir, name);
    const st = await stat(abs);
    if (st.isFile()) out[name] = `${st.mtimeMs} ${(await readFile(abs)).toString('base64')}`;
  }
  return out;
}

beforeAll(async () => {
  assertBuiltCli();
  cloud = await startFakeCloud();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'odm-cli-filters-'));
  account = cloud.control.createAccount({
    kind: 'personal',
    username: 'demo@example.com',
    tree: {
      'Docs/a.txt': 'hello',
      'Docs/notes.tmp': 'scratch',
      'Docs/Videos/clip.mp4': 'clip',
      'Docs/big.bin': 'x'.repeat(5000),
    },
  });
  cloud.control.setDeviceCode({
    pendingPolls: 0,
    outcome: 'approve',
    accountId: account.accountId,
    interval: 0,
  });
  env = {
    ...process.env,
    ONEDRIVE_MIRROR_AUTHORITY: cloud.authority,
    ONEDRIVE_MIRROR_GRAPH_URL: cloud.graphUrl,
    ONEDRIVE_MIRROR_CLIENT_ID: cloud.clientId,
    ONEDRIVE_MIRROR_DATA_DIR: path.join(tmp, 'data'),
    NODE_EXTRA_CA_CERTS: cloud.caPath,
  };
  expect((await cli('profile', 'add', 'demo')).code).toBe(0);
  expect((await cli('profile', 'login', 'demo', '--device-code')).code).toBe(0);
}, 120_000);

afterAll(async () => {
  await cloud?.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('exclusions and the preview from the CLI', () => {
  const local = () => path.join(tmp, 'mirror');
  let id = '';

  it('adds a sync with exclusions, previews it without writing anything, then runs what the preview said', async () => {
    const add = await cli(
      'sync',
      'add',
      '--profile',
      'demo',
      '--remote',
      '/Docs',
      '--local',
      local(),
      '--exclude',
      '*.tmp',
      '--exclude-folder',
      'Videos',
      '--max-size',
      '1kB',
      '--json',
    );
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    id = (JSON.parse(add.stdout) as { id: string }).id;
    const list = JSON.parse((await cli('sync', 'list', '--json')).stdout) as { exclusions: unknown }[];
    expect(list[0]!.exclusions).toEqual({
      folders: [{ id: null, path: 'Videos' }],
      patterns: ['*.tmp'],
      maxFileSize: 1000,
    });

    const data = await snapshot(env.ONEDRIVE_MIRROR_DATA_DIR!);
    const dry = await cli('sync', 'run', id, '--dry-run', '--json');
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    const preview = JSON.parse(dry.stdout) as Record<string, number>;
    expect(Object.keys(preview).sort()).toEqual(['bytes', 'conflicts', 'downloads', 'freeBytesAfter', 'renames', 'trash']);
    expect(preview).toMatchObject({ downloads: 1, bytes: 5, trash: 0, renames: 0, conflicts: 0 });
    expect(await snapshot(env.ONEDRIVE_MIRROR_DATA_DIR!)).toEqual(data);
    expect(await readdir(local())).toEqual([]); // `sync add` made the folder; the preview put nothing in it

    const text = await cli('sync', 'run', id, '--dry-run');
    expect(text.stdout).toMatch(/would download 1 file \(5 B\); .* free afterwards\. Nothing was written\./);

    const run = await cli('sync', 'run', id, '--json');
    expect(run.code).toBe(0);
    const [report] = JSON.parse(run.stdout) as { summary: { downloaded: number; bytes: number } }[];
    expect(report!.summary).toMatchObject({ downloaded: preview.downloads, bytes: preview.bytes });
    expect((await readdir(local())).sort()).toEqual(['a.txt']);
  }, 120_000);

  it('edits the exclusions: the folder and the big file arrive on the next run; bad sizes exit 2', async () => {
    const bad = await cli('sync', 'edit', id, '--max-size', '12 parsecs');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a size/);
    const edit = await cli('sync', 'edit', id, '--include-folder', 'Videos', '--max-size', 'none', '--json');
    expect(edit.code).toBe(0);
    expect((JSON.parse(edit.stdout) as { exclusions: unknown }).exclusions).toEqual({
      folders: [],
      patterns: ['*.tmp'],
      maxFileSize: null,
    });
    const dry = JSON.parse((await cli('sync', 'run', id, '--dry-run', '--json')).stdout) as Record<string, number>;
    expect(dry).toMatchObject({ downloads: 2, bytes: 5004 });
    expect((await cli('sync', 'run', id)).code).toBe(0);
    expect((await readdir(local())).sort()).toEqual(['Videos', 'a.txt', 'big.bin']);
    const list = await cli('sync', 'list');
    expect(list.stdout).toContain('*.tmp');
  }, 120_000);
});
