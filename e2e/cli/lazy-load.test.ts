/**
 * Start-up cost of the built CLI: which packages a command loads. `--version` loads none, `--help` commander only;
 * `sync list` reads db.json by hand (commander only), `profile list` opens the store without MSAL or the trash
 * package, `sync run` never loads the contract's dispatcher and schemas. The CLI is bundled by Vite like `npm run build` does, into a folder of its own (other tests run out/cli
 * meanwhile), and every module Node resolves is logged by a loader hook.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/core/ports';
import { openDbStore } from '../../main/core/store/db-store';
import { syncConfig } from '../../main/core/testing/sync-config';

const repo = path.resolve(import.meta.dirname, '../..');
// Inside the repo, so the bundle's bare imports (commander, zod, ...) resolve from node_modules.
const outDir = path.join(repo, 'node_modules', '.cache', `odm-cli-lazy-${process.pid}`);
let tmp: string;

const hooks = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.ODM_LOADED_LOG, r.url + '\\n');
  return r;
}`;
const register = `
import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hooks)}));`;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'odm-cli-lazy-'));
  await mkdir(path.join(tmp, 'data')); // a named data dir must exist for read-only commands (they create none)
  const { build } = await import('vite');
  await build({ root: repo, mode: 'cli', logLevel: 'warn', configFile: path.join(repo, 'vite.config.ts'), build: { outDir } });
}, 60_000);

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

let runs = 0;
/** The packages (node_modules names) a CLI command loaded, after checking it exited 0. */
async function packagesLoaded(...args: string[]): Promise<Set<string>> {
  const urls = await urlsLoaded(...args);
  // The bundle itself sits under node_modules/.cache: only what it loads counts, and the packages it bundles count
  // by their chunk (vite.config.ts: vendor-zod-<hash>.js, vendor-azure-msal-node-<hash>.js, ...).
  const names = urls.map((u) =>
    u.includes('/node_modules/.cache/') ? vendorPackage(u) : /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1],
  );
  return new Set(names.filter((n): n is string => Boolean(n)));
}

/** Every module URL a CLI command loaded, after checking it exited 0. */
async function urlsLoaded(...args: string[]): Promise<string[]> {
  const log = path.join(tmp, `loaded-${runs++}.log`);
  const child = spawn(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(register)}`, path.join(outDir, 'index.js'), ...args],
    {
      env: { ...process.env, ODM_LOADED_LOG: log, ONEDRIVE_MIRROR_DATA_DIR: path.join(tmp, 'data') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(code, stderr).toBe(0);
  return (await readFile(log, 'utf8').catch(() => '')).split('\n');
}

const vendors: Record<string, string> = {
  'vendor-zod': 'zod',
  'vendor-azure-msal-node': '@azure/msal-node',
  'vendor-azure-msal-common': '@azure/msal-common',
};
function vendorPackage(url: string): string | undefined {
  return vendors[/\/(vendor-[a-z-]+)-[\w-]{8}\.js$/.exec(url)?.[1] ?? ''];
}

const core = ['@azure/msal-node', '@azure/msal-common', 'zod', 'pino', 'trash', 'lowdb'];

describe('what the built CLI loads', () => {
  it('--version loads no package at all, not even commander', async () => {
    for (const args of [['--version'], ['-V']]) expect([...(await packagesLoaded(...args))], args.join(' ')).toEqual([]);
  }, 60_000);

  it('--help loads commander and nothing of the core', async () => {
    for (const args of [['--help'], ['sync', '--help']]) {
      const loaded = await packagesLoaded(...args);
      expect(loaded.has('commander'), args.join(' ')).toBe(true);
      expect(
        [...loaded].filter((p) => core.includes(p)),
        args.join(' '),
      ).toEqual([]);
    }
  }, 60_000);

  it('profile list reads the store without loading MSAL or the trash', async () => {
    const loaded = await packagesLoaded('profile', 'list', '--json');
    // The hook does see the core's packages, the bundled ones too (zod is in a vendor chunk).
    expect([loaded.has('lowdb'), loaded.has('zod')]).toEqual([true, true]);
    expect([...loaded].filter((p) => p.startsWith('@azure/') || p === 'trash')).toEqual([]);
  }, 60_000);

  it('sync list reads db.json by hand: commander only, no zod, pino, lowdb or MSAL', async () => {
    const store = await openDbStore({ dataDir: path.join(tmp, 'data'), logger: silentLogger });
    store.update((d) => void d.syncConfigs.push(syncConfig({ itemId: 'i1', driveId: 'd1', localPath: path.join(tmp, 'm') })));
    await store.close();
    for (const args of [
      ['sync', 'list'],
      ['sync', 'list', '--json'],
    ]) {
      expect([...(await packagesLoaded(...args))], args.join(' ')).toEqual(['commander']);
    }
  }, 60_000);

  it("sync run calls no contract command: the dispatcher and the contract's schemas stay unloaded", async () => {
    // One paused sync: the core opens, the run has nothing to do (the no-change run takes the same path to its end).
    const store = await openDbStore({ dataDir: path.join(tmp, 'data'), logger: silentLogger });
    store.update((d) => {
      d.syncConfigs.splice(0);
      d.syncConfigs.push(syncConfig({ itemId: 'i1', driveId: 'd1', localPath: path.join(tmp, 'm'), status: 'inactive' }));
    });
    await store.close();
    const chunks = (await urlsLoaded('sync', 'run')).map((u) => /\/([\w-]+)-[\w-]{8}\.js$/.exec(u)?.[1]);
    expect(chunks).toContain('node-core'); // it did open the core
    expect(chunks.filter((c) => c === 'dispatch' || c === 'ipc')).toEqual([]);
    // A command that does call one loads them: the check above can fail.
    const settings = (await urlsLoaded('settings', 'get')).map((u) => /\/([\w-]+)-[\w-]{8}\.js$/.exec(u)?.[1]);
    expect(settings).toContain('dispatch');
  }, 60_000);

  it('ends the process once the command settled, with all of a long output through the pipe', async () => {
    const store = await openDbStore({ dataDir: path.join(tmp, 'data'), logger: silentLogger });
    store.update((d) => {
      for (let i = 0; i < 3000; i++) {
        d.syncConfigs.push(syncConfig({ id: `c${i}`, itemId: `i${i}`, driveId: 'd1', localPath: path.join(tmp, `m${i}`) }));
      }
    });
    await store.close();
    const child = spawn(process.execPath, [path.join(outDir, 'index.js'), 'sync', 'list', '--json'], {
      env: { ...process.env, ONEDRIVE_MIRROR_DATA_DIR: path.join(tmp, 'data') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(0);
    expect(stdout.length).toBeGreaterThan(1_000_000); // far beyond a pipe's buffer
    expect((JSON.parse(stdout) as unknown[]).length).toBeGreaterThan(3000);
  }, 60_000);
});
