/**
 * Packaging smoke: electron-builder --dir over a stub Electron folder (the real binary cannot be downloaded
 * here), then the produced app.asar must hold the built app and nothing we did not mean to ship, and the packed
 * executable must carry the hardened fuses. The stub embeds a fuse wire laid out like Electron's (sentinel,
 * version, length, one byte per fuse, Electron's defaults), so electron-builder flips it exactly as it flips a
 * real binary, and @electron/fuses reads it back.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { contentSecurityPolicy, metaContentSecurityPolicy } from '../shared/csp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const builtFiles = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/engine-host/index.js'];

let work: string;
let unpacked: string;
let files: string[];

beforeAll(() => {
  const built = builtFiles.every((f) => existsSync(path.join(root, f)) && statSync(path.join(root, f)).size > 0);
  if (!built) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });

  work = mkdtempSync(path.join(tmpdir(), 'packaging-'));
  const electronDist = path.join(work, 'electron-dist');
  mkdirSync(electronDist);
  // electron-builder copies this folder as the app's runtime and renames `electron` to the executable name.
  writeFileSync(path.join(electronDist, 'electron'), stubElectron());
  chmodSync(path.join(electronDist, 'electron'), 0o755);

  const output = path.join(work, 'dist');
  execFileSync(
    process.execPath,
    [
      path.join(root, 'node_modules/electron-builder/cli.js'),
      '--dir',
      '--linux',
      '--publish',
      'never',
      `-c.electronDist=${electronDist}`,
      '-c.electronVersion=45.5.0',
      `-c.directories.output=${output}`,
    ],
    {
      cwd: root,
      stdio: 'pipe',
      env: {
        ...process.env,
        ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
        // Any download attempt fails at once instead of reaching the internet.
        HTTPS_PROXY: 'http://127.0.0.1:9',
        HTTP_PROXY: 'http://127.0.0.1:9',
        CSC_IDENTITY_AUTO_DISCOVERY: 'false',
      },
    },
  );
  unpacked = path.join(output, 'linux-unpacked');
  files = listPackage(path.join(unpacked, 'resources', 'app.asar'), { isPack: false }).map((f) => f.replaceAll('\\', '/'));
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Electron's unflipped wire: RunAsNode, NODE_OPTIONS, --inspect and file:// privileges on, the rest off. */
const electronDefaultWire = '10110001';
const fuseSentinel = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const [off, on] = ['0'.charCodeAt(0), '1'.charCodeAt(0)];

function stubElectron(): Buffer {
  const wire = [Buffer.from(fuseSentinel), Buffer.from([1, electronDefaultWire.length]), Buffer.from(electronDefaultWire)];
  return Buffer.concat([Buffer.from('#!/bin/sh\necho "stub electron"\nexit 0\n# '), ...wire, Buffer.from('\n')]);
}

const ours = () => files.filter((f) => !f.startsWith('/node_modules'));

describe('the packaged app', () => {
  it('holds the built main, preload, renderer, engine host and package.json', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        '/package.json',
        '/out/main/index.js',
        '/out/preload/index.cjs',
        '/out/renderer/index.html',
        '/out/engine-host/index.js',
      ]),
    );
    expect(files.some((f) => /^\/out\/renderer\/assets\/.+\.js$/.test(f))).toBe(true);
  });

  it('ships none of our sources, tests, e2e, configs or build scripts', () => {
    const unexpected = ours().filter((f) => f !== '/package.json' && f !== '/out' && !f.startsWith('/out/'));
    expect(unexpected).toEqual([]);
    expect(ours().filter((f) => /\.(test|spec)\.|\/e2e\/|\/fixtures\//.test(f))).toEqual([]);
  });

  it('ships no TypeScript sources or source maps anywhere, dependencies included', () => {
    expect(files.filter((f) => /\.(ts|tsx|mts|cts)$/.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
  });

  it('includes every runtime dependency the main bundle leaves external', () => {
    const missing = Object.keys(pkg.dependencies).filter((dep) => !files.includes(`/node_modules/${dep}/package.json`));
    expect(missing).toEqual([]);
  });

  it('carries the tray icons and app icon as resources, and the executable under its own name', () => {
    for (const state of ['idle', 'syncing', 'paused', 'attention']) {
      expect(existsSync(path.join(unpacked, 'resources', 'tray', `${state}Template.png`))).toBe(true);
      expect(existsSync(path.join(unpacked, 'resources', 'tray', `${state}-dark-32.png`))).toBe(true);
    }
    expect(existsSync(path.join(unpacked, 'resources', 'icon.png'))).toBe(true);
    expect(existsSync(path.join(unpacked, 'onedrive-mirror'))).toBe(true);
  });
});

describe('the packed executable', () => {
  it('has the hardening fuses flipped: no Node host, only our integrity-checked app.asar', async () => {
    const wire = await getCurrentFuseWire(path.join(unpacked, 'onedrive-mirror'));
    const names = Object.entries(FuseV1Options).filter((e): e is [string, FuseV1Options] => typeof e[1] === 'number');
    expect(Object.fromEntries(names.map(([name, index]) => [name, wire[index]]))).toEqual({
      RunAsNode: off,
      EnableCookieEncryption: on,
      EnableNodeOptionsEnvironmentVariable: off,
      EnableNodeCliInspectArguments: off,
      EnableEmbeddedAsarIntegrityValidation: on,
      OnlyLoadAppFromAsar: on,
      LoadBrowserProcessSpecificV8Snapshot: off,
      GrantFileProtocolExtraPrivileges: off,
    });
  });
});

describe('the built page', () => {
  it('carries the very policy app:// sends as a header (minus frame-ancestors, which a meta tag cannot set)', () => {
    const html = readFileSync(path.join(root, 'out/renderer/index.html'), 'utf8');
    const metas = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/g)].map((m) => m[1]);
    expect(metas).toEqual([metaContentSecurityPolicy]);
    expect(contentSecurityPolicy.replace("; frame-ancestors 'none'", '')).toBe(metaContentSecurityPolicy);
    // The meta tag comes before every script and stylesheet it governs.
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.search(/<script|<link rel="stylesheet"/));
  });
});

describe('the preload bundle', () => {
  it('is one CommonJS file that requires nothing but electron (a sandboxed preload cannot load modules)', () => {
    const source = readFileSync(path.join(root, 'out/preload/index.cjs'), 'utf8');
    const required = [...source.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(source).not.toMatch(/\bimport\s*\(|^\s*import\s.+from\s/m);
  });

  it('carries the command names but no schemas: zod stays in main, the preload only forwards', () => {
    const source = readFileSync(path.join(root, 'out/preload/index.cjs'), 'utf8');
    expect(source).toContain('"sync:confirmDeletes"');
    expect(source).not.toMatch(/ZodError|safeParse|\$ZodType/);
    expect(source.length).toBeLessThan(10_000); // the zod bundle alone was ~180 KB
  });
});
