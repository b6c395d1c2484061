/**
 * Process-level harness for the BUILT command line (`node out/cli/index.js`, what the package's `bin` runs): one
 * fake cloud per test file, and per scenario a "user" with its own account, data dir, local folder and trash, who
 * runs one command after another as a child process. Checks that every scenario repeats: exit code, message,
 * `sync list --json`, the local tree, the trash, and what may be left over (lock, URL spool, temp files).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { startFakeCloud, type AccountInfo, type FakeCloud, type RequestInfo, type TreeSpec } from '../fake-cloud';
import { cliEnv } from '../fake-cloud/cli-env';

const repo = path.resolve(import.meta.dirname, '../..');
export const BUILT_CLI = path.join(repo, 'out/cli/index.js');

/** The tests run what users run: refuse a missing or stale build with the fix in the message. */
export function assertBuiltCli(): void {
  if (!existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run \`npm run build\` first (npm test does).`);
  const built = statSync(BUILT_CLI).mtimeMs;
  const newer = newestSource(['main/cli', 'main/core', 'shared'].map((d) => path.join(repo, d)));
  if (newer && newer.mtimeMs > built) {
    throw new Error(
      `${BUILT_CLI} is older than ${path.relative(repo, newer.file)}: run \`npm run build\` first (npm test does).`,
    );
  }
}

function newestSource(dirs: string[]): { file: string; mtimeMs: number } | null {
  let best: { file: string; mtimeMs: number } | null = null;
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) {
        const m = statSync(p).mtimeMs;
        if (!best || m > best.mtimeMs) best = { file: p, mtimeMs: m };
      }
    }
  };
  for (const d of dirs) walk(d);
  return best;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A command still running: its output so far, a way to await a line, and its end. */
export interface Running {
  child: ChildProcess;
  output(): string;
  /** Resolves when stdout+stderr match `re`; rejects if the process ends first. */
  waitFor(re: RegExp): Promise<void>;
  done: Promise<CliResult>;
}

export interface Leftovers {
  lock: boolean;
  /** `state/*.urls.tmp` and atomic-write temps in the data dir. */
  dataTemps: string[];
  /** `.odm-*` names in the local tree (relative paths). */
  treeTemps: string[];
}

export interface User {
  account: AccountInfo;
  name: string;
  dataDir: string;
  trashDir: string;
  env: NodeJS.ProcessEnv;
  cli(...args: string[]): Promise<CliResult>;
  spawn(...args: string[]): Running;
  /** profile add + device-code login (once per user). */
  login(): Promise<void>;
  /** Puts `tree` online under `/<folder>` and adds a sync of it into its own local folder. */
  addSync(folder: string, tree: TreeSpec): Promise<Sync>;
  syncList(): Promise<Array<Record<string, unknown>>>;
  /** Original absolute paths of what is in this user's trash (from the XDG `.trashinfo` files), sorted. */
  trashed(): Promise<string[]>;
  leftovers(sync: Sync): Promise<Leftovers>;
}

/** A sync of `/<folder>` into `local`. */
export interface Sync {
  id: string;
  folder: string;
  local: string;
}

export interface World {
  cloud: FakeCloud;
  /** A fresh account with its own data dir and trash; its syncs get folders of their own. */
  user(name?: string, o?: { kind?: 'personal' | 'business'; tenantId?: string }): Promise<User>;
}

/** One fake cloud and temp root for the test file; built CLI checked first. */
export function useCliWorld(): World {
  const world = {} as World;
  let tmp = '';
  let n = 0;
  beforeAll(async () => {
    assertBuiltCli();
    world.cloud = await startFakeCloud();
    tmp = await mkdtemp(path.join(os.tmpdir(), 'odm-cli-faults-'));
  });
  afterAll(async () => {
    world.cloud?.control.releaseStalls();
    await world.cloud?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });
  world.user = async (name = 'demo', o = {}) => {
    const root = path.join(tmp, `u${++n}`);
    const account = world.cloud.control.createAccount({
      kind: o.kind ?? 'personal',
      tenantId: o.tenantId,
      username: `${name}${n}@example.com`,
    });
    const xdg = path.join(root, 'xdg');
    await mkdir(xdg, { recursive: true });
    const env: NodeJS.ProcessEnv = {
      ...cliEnv(world.cloud, path.join(root, 'data')),
      XDG_DATA_HOME: xdg, // the OS trash of this user (the `trash` package follows XDG)
    };
    return makeUser(world, account, root, env, name);
  };
  return world;
}

function makeUser(world: World, account: AccountInfo, root: string, env: NodeJS.ProcessEnv, name: string): User {
  const dataDir = env.ONEDRIVE_MIRROR_DATA_DIR!;
  const trashDir = path.join(env.XDG_DATA_HOME!, 'Trash');
  const run = (args: string[]): Running => startCli(args, env);
  const user: User = {
    account,
    name,
    dataDir,
    trashDir,
    env,
    cli: (...args) => run(args).done,
    spawn: (...args) => run(args),
    async login() {
      expectOk(await user.cli('profile', 'add', name), 'profile add');
      world.cloud.control.setDeviceCode({
        pendingPolls: 0,
        outcome: 'approve',
        accountId: account.accountId,
        interval: 0,
      });
      expectOk(await user.cli('profile', 'login', name, '--device-code'), 'profile login');
    },
    async addSync(folder, tree) {
      world.cloud.control.addFolder(account.accountId, folder);
      world.cloud.control.buildTree(account.accountId, tree, folder);
      const local = path.join(root, folder);
      const add = await user.cli('sync', 'add', '--profile', name, '--remote', `/${folder}`, '--local', local, '--json');
      expectOk(add, 'sync add');
      return { id: (JSON.parse(add.stdout) as { id: string }).id, folder, local };
    },
    async syncList() {
      const r = await user.cli('sync', 'list', '--json');
      expectOk(r, 'sync list');
      return JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    },
    async trashed() {
      const info = path.join(trashDir, 'info');
      const names = (await readdir(info).catch(() => [])).filter((f) => f.endsWith('.trashinfo'));
      const texts = await Promise.all(names.map((f) => readFile(path.join(info, f), 'utf8')));
      return texts.map((t) => decodeURIComponent(/^Path=(.*)$/m.exec(t)?.[1] ?? '?')).sort();
    },
    async leftovers(sync) {
      const lock = existsSync(path.join(dataDir, 'lock'));
      const dataTemps = (await walk(dataDir)).filter((f) => f.endsWith('.tmp') || /(^|\/)lock\.stale-/.test(f));
      const treeTemps = (await walk(sync.local)).filter((f) => path.basename(f).startsWith('.odm-'));
      return { lock, dataTemps, treeTemps };
    },
  };
  return user;
}

/** The local tree of a sync: relative path -> content (see digest()), `.odm-*` temps left out (see leftovers()). */
export async function localTree(sync: Sync): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const rel of await walk(sync.local)) {
    if (!path.basename(rel).startsWith('.odm-')) out[rel] = digest(await readFile(path.join(sync.local, rel)));
  }
  return out;
}

/** Small files as their text, big ones as a hash (a failed comparison then prints something readable). */
function digest(bytes: Buffer): string {
  return bytes.length <= 4096
    ? bytes.toString('utf8')
    : `${bytes.length} bytes, sha256 ${createHash('sha256').update(bytes).digest('hex')}`;
}

/** Files (not folders) under `dir`, relative, sorted; [] if it does not exist. */
async function walk(dir: string, rel = ''): Promise<string[]> {
  const entries = await readdir(path.join(dir, rel), { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await walk(dir, r)));
    else out.push(r);
  }
  return out.sort();
}

export function startCli(args: string[], env: NodeJS.ProcessEnv, cli = BUILT_CLI): Running {
  const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const watchers = new Set<() => void>();
  const onData = () => watchers.forEach((w) => w());
  child.stdout!.on('data', (d: Buffer) => ((stdout += d.toString()), onData()));
  child.stderr!.on('data', (d: Buffer) => ((stderr += d.toString()), onData()));
  const done = new Promise<CliResult>((resolve) =>
    child.on('close', (code, signal) => {
      resolve({ code, signal, stdout, stderr });
      onData();
    }),
  );
  let ended = false;
  void done.then(() => (ended = true));
  return {
    child,
    output: () => stdout + stderr,
    done,
    waitFor: (re) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (re.test(stdout + stderr)) {
            watchers.delete(check);
            resolve();
          } else if (ended) {
            watchers.delete(check);
            reject(new Error(`the command ended before printing ${re}: ${stdout}${stderr}`));
          }
        };
        watchers.add(check);
        check();
      }),
  };
}

export function expectOk(r: CliResult, what: string): void {
  if (r.code !== 0) throw new Error(`${what} exited ${r.code ?? r.signal}: ${r.stdout}${r.stderr}`);
}

/** Resolves when `cond` holds; polls the disk (there is no event for "a file grew"), fails after `ms`. */
export async function waitUntil(cond: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Nothing but (optionally) resume partials may remain after any exit path but kill -9. */
export async function expectNoLeftovers(user: User, sync: Sync, o: { allowPartials?: boolean } = {}): Promise<void> {
  const l = await user.leftovers(sync);
  const treeTemps = o.allowPartials ? l.treeTemps.filter((f) => !/\.odm-[^/]*\.partial$/.test(f)) : l.treeTemps;
  const problems = { lock: l.lock, dataTemps: l.dataTemps, treeTemps };
  if (problems.lock || problems.dataTemps.length || problems.treeTemps.length) {
    throw new Error(`left over: ${JSON.stringify(problems)}`);
  }
}

/** The remote tree of a sync as relative path -> content (see digest()): what a converged mirror holds. */
export function remoteTree(world: World, user: User, sync: Sync): Record<string, string> {
  const out: Record<string, string> = {};
  const prefix = `/${sync.folder}/`;
  for (const item of world.cloud.control.list(user.account.accountId)) {
    if (!item.isFolder && item.path.startsWith(prefix)) {
      out[item.path.slice(prefix.length)] = digest(world.cloud.control.content(user.account.accountId, { id: item.id }));
    }
  }
  return out;
}

/** The mirror equals OneDrive, the sync's last run succeeded, nothing was trashed and nothing is left over. */
export async function expectConverged(world: World, user: User, sync: Sync): Promise<void> {
  expect(await localTree(sync)).toEqual(remoteTree(world, user, sync));
  const view = (await user.syncList()).find((s) => s.id === sync.id);
  expect(view).toMatchObject({ status: 'active', lastSyncStatus: 'success', errorCode: null });
  expect(await user.trashed()).toEqual([]);
  await expectNoLeftovers(user, sync);
}

/** A fault matcher for the download of one file (the fake's tempauth payload names the item). */
export function downloadOf(world: World, user: User, drivePath: string): (r: RequestInfo) => boolean {
  const id = world.cloud.control.itemId(user.account.accountId, drivePath);
  return (r) => {
    if (r.route !== 'download') return false;
    const payload = (r.url.searchParams.get('tempauth') ?? '').split('.')[0] ?? '';
    try {
      return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { i?: string }).i === id;
    } catch {
      return false;
    }
  };
}
