// The same smoke as bridge.spec.ts, through the real Electron app, wherever the Electron binary exists.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';
import { expect, test } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '..');
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };

/**
 * The binary's path, found the way the electron package does (dist/ + path.txt) but WITHOUT importing its
 * index.js, which would try to download the binary when it is missing.
 */
function electronBinary(): string | null {
  try {
    const dir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const file = path.join(dir, 'path.txt');
    if (!existsSync(file)) return null;
    const binary = path.join(dir, 'dist', readFileSync(file, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const reason = 'Electron binary not available';

test('the Electron app shows the state from the core in a locked-down window', async () => {
  if (!binary) {
    console.log(`e2e/electron.spec.ts: skipped: ${reason} (node_modules/electron has no dist/ binary)`);
    test.skip(true, reason);
    return;
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'onedrive-mirror-electron-'));
  const app = await electron.launch({
    executablePath: binary,
    args: [root, '--no-sandbox', '--disable-gpu'],
    env: { ...process.env, ONEDRIVE_MIRROR_DATA_DIR: dataDir, ELECTRON_ENABLE_LOGGING: '1' },
    timeout: 30_000,
  });
  try {
    const page = await app.firstWindow();
    await expect(page).toHaveTitle('OneDrive Mirror');
    expect(page.url()).toBe('app://bundle/index.html');
    await expect(page.locator('#root')).toContainText(version);
    // The page has the contract API and no Node.
    const globals = await page.evaluate(() => ({
      api: typeof (window as unknown as { api?: object }).api,
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    expect(globals).toEqual({ api: 'object', require: 'undefined', process: 'undefined' });
    // window.open is denied and navigation away is blocked.
    expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    await page.screenshot({ path: 'test-results/electron-smoke.png' });
  } finally {
    await app.evaluate(({ app: electronApp }) => electronApp.quit()).catch(() => {});
    await app.close().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  }
});
