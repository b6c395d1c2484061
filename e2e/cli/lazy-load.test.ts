/**
 * Start-up cost of the built CLI: which packages a command loads. `--version` and `--help` load none of the core's
 * dependencies; `sync list` and `profile list` (the store only) do not load MSAL or the trash package. The CLI is bundled by Vite like
 * `npm run build` does, into a folder of its own (other tests run out/cli meanwhile), and every module Node
 * resolves is logged by a loader hook.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

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
  const log = path.join(tmp, `loaded-${runs++}.log`);
  const child = spawn(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(register)}`, path.join(outDir, 'index.js'), ...args],
    { env: { ...process.env, ODM_LOADED_LOG: log, ONEDRIVE_MIRROR_DATA_DIR: path.join(tmp, 'data') }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(code, stderr).toBe(0);
  const urls = (await readFile(log, 'utf8').catch(() => '')).split('\n');
  const names = urls.map((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1]).filter((n): n is string => Boolean(n));
  return new Set(names);
}

const core = ['@azure/msal-node', '@azure/msal-common', 'zod', 'pino', 'trash', 'lowdb'];

describe('what the built CLI loads', () => {
  it('--version and --help load commander and nothing of the core', async () => {
    for (const args of [['--version'], ['--help'], ['sync', '--help']]) {
      const loaded = await packagesLoaded(...args);
      expect(loaded.has('commander'), args.join(' ')).toBe(true);
      expect([...loaded].filter((p) => core.includes(p)), args.join(' ')).toEqual([]);
    }
  }, 60_000);

  it('sync list and profile list read the store without loading MSAL or the trash', async () => {
    for (const args of [['sync', 'list'], ['profile', 'list', '--json']]) {
      const loaded = await packagesLoaded(...args);
      expect(loaded.has('lowdb'), args.join(' ')).toBe(true); // the hook does see the core's packages
      expect([...loaded].filter((p) => p.startsWith('@azure/') || p === 'trash'), args.join(' ')).toEqual([]);
    }
  }, 60_000);
});
