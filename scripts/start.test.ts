/**
 * `npm start`'s guard (scripts/start.mjs) in a throwaway project: without the Electron binary it prints one
 * paragraph and exits 1; with one it runs it on the project. Plain Node, the electron package is never loaded.
 * `npm run package` (scripts/package.mjs) stops the same way before any build or download.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const script = path.resolve(import.meta.dirname, 'start.mjs');
const packageScript = path.resolve(import.meta.dirname, 'package.mjs');
let project = '';

function makeProject(electron: 'absent' | 'no-binary' | 'binary'): string {
  project = mkdtempSync(path.join(tmpdir(), 'odm-start-'));
  writeFileSync(path.join(project, 'package.json'), '{"name":"p","version":"1.0.0"}');
  if (electron === 'absent') return project;
  const pkg = path.join(project, 'node_modules/electron');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(path.join(pkg, 'package.json'), '{"name":"electron","version":"45.5.0","main":"index.js"}');
  // The real index.js downloads the binary on require: this one would make the guard's test fail loudly.
  writeFileSync(path.join(pkg, 'index.js'), 'throw new Error("the guard loaded the electron package");');
  if (electron === 'binary') {
    writeFileSync(path.join(pkg, 'path.txt'), 'electron');
    mkdirSync(path.join(pkg, 'dist'));
    const bin = path.join(pkg, 'dist/electron');
    writeFileSync(bin, '#!/bin/sh\necho "fake electron ran with $1 in $(pwd)"\n');
    chmodSync(bin, 0o755);
  }
  return project;
}

function run(file: string, args: string[], cwd: string) {
  const env = { ...process.env };
  delete env.ELECTRON_OVERRIDE_DIST_PATH;
  delete env.ODM_PACKAGE_DOWNLOAD;
  return spawnSync(process.execPath, [file, ...args], { cwd, env, encoding: 'utf8', timeout: 30_000 });
}
const start = (cwd: string) => run(script, ['--no-build'], cwd);

afterEach(() => rmSync(project, { recursive: true, force: true }));

describe('npm start without Electron', () => {
  it.each(['absent', 'no-binary'] as const)('electron %s: one paragraph, the demo as the way out, exit 1', (kind) => {
    const r = start(makeProject(kind));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /cannot start the desktop app here: the (electron package is not installed|Electron binary was never downloaded)/,
    );
    expect(r.stderr).toContain('Node.js 22.12');
    expect(r.stderr).toContain('node node_modules/electron/install.js');
    expect(r.stderr).toContain('npm run demo');
    expect(r.stderr).not.toMatch(/^\s+at /m); // no stack trace
    expect(r.stderr.trim().split('\n\n')).toHaveLength(1);
  });

  it('runs the binary on the project when it is there', () => {
    const dir = makeProject('binary');
    const r = start(dir);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(`fake electron ran with . in ${dir}`);
    expect(r.status).toBe(0);
  });
});

describe('npm run package without Electron', () => {
  it('stops at once with what is missing and how to get it, before building or downloading', () => {
    const r = run(packageScript, [], makeProject('no-binary'));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(''); // no build ran
    expect(r.stderr).toContain('npm run package cannot package the app here: the Electron binary was never downloaded');
    expect(r.stderr).toContain('ODM_PACKAGE_DOWNLOAD=1 npm run package');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
