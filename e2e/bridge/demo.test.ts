/**
 * `npm run demo` (its script, e2e/bridge/demo.ts, after the build): one URL line, the page and the bridge API
 * answer, a sign-in completes against the fake's demo account, and SIGINT stops both children and leaves no files.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const tmp = mkdtempSync(path.join(tmpdir(), 'odm-demo-test-'));
let stopDemo = () => {};
afterAll(() => {
  stopDemo(); // only does something when the test failed before its SIGINT
  rmSync(tmp, { recursive: true, force: true });
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function call(url: string, command: string, input: object) {
  const res = await fetch(`${url}api/${command}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
  return (await res.json()) as { ok: boolean; value: any };
}

describe('npm run demo', () => {
  it('prints one URL, serves the app against the fake cloud and stops cleanly on SIGINT', async () => {
    if (!existsSync(path.join(root, 'out/renderer/index.html')))
      throw new Error('out/renderer is missing: run `npm run build` first (npm test does).');
    // Its own TMPDIR: everything the demo and its children make in temp folders lands here, so "nothing left" is checkable.
    const demo = spawn(process.execPath, ['--import', 'tsx', 'e2e/bridge/demo.ts'], {
      cwd: root,
      env: { ...process.env, TMPDIR: tmp },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    stopDemo = () => demo.kill('SIGTERM');
    let stderr = '';
    demo.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      demo.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const lines: string[] = [];
    const first = await new Promise<string>((resolve, reject) => {
      createInterface({ input: demo.stdout }).on('line', (l) => {
        lines.push(l);
        resolve(l);
      });
      void exited.then((e) => reject(new Error(`demo exited before its URL (${JSON.stringify(e)}): ${stderr}`)));
    });
    const url = /^OneDrive Mirror demo: (http:\/\/127\.0\.0\.1:\d+\/) /.exec(first)?.[1];
    expect(url, first).toBeDefined();

    const page = await fetch(url!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script src="/bridge-api.js"></script>');
    const state = await call(url!, 'app:getState', {});
    expect(state).toMatchObject({ ok: true, value: { configured: true, profiles: [] } });

    // The demo account signs in with no browser (serve.ts --auto-sign-in) and has the seeded files.
    const added = await call(url!, 'profile:add', { name: 'demo' });
    const connected = await call(url!, 'profile:connect', { id: added.value.id });
    expect(connected).toMatchObject({ ok: true, value: { authState: 'connected', account: { username: 'demo@outlook.com' } } });
    const root_ = await call(url!, 'browse:list', { profileId: added.value.id, itemId: null });
    expect(root_.value.items.map((i: { name: string }) => i.name)).toContain('Documents');

    const children = readFileSync(`/proc/${demo.pid}/task/${demo.pid}/children`, 'utf8').trim().split(/\s+/).map(Number);
    expect(children).toHaveLength(2);
    demo.kill('SIGINT');
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(lines).toHaveLength(1); // ONE line: the URL
    expect(children.filter(alive)).toEqual([]);
    // The data dir, env file and the fake's CA are gone; tsx-<uid> is tsx's own compile cache, kept by design.
    expect(readdirSync(tmp).filter((name) => !/^tsx-\d+$/.test(name))).toEqual([]);
    await expect(fetch(url!)).rejects.toThrow();
  }, 120_000);
});
