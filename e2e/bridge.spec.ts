// Smoke: the BUILT renderer, served by the bridge, renders the state it gets from the core through window.api.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { type Bridge, startBridge } from './bridge/server';
import { type BridgeCore, createBridgeCore } from './bridge/bridge-core';

const root = path.resolve(import.meta.dirname, '..');
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };

let bridge: Bridge;
let core: BridgeCore;
let dataDir: string;

test.beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'bridge-smoke-'));
  core = await createBridgeCore({ dataDir, version, env: {} });
  bridge = await startBridge({ service: core.service, rendererDir: path.join(root, 'out/renderer') });
  core.service.start();
});

test.afterAll(async () => {
  await bridge?.close();
  await core?.shutdown();
  rmSync(dataDir, { recursive: true, force: true });
});

test('the app shell renders the state from the core through the bridge', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    // Resource failures are checked by URL below; the meta-CSP frame-ancestors note is only a warning.
    const benign = /^Failed to load resource|ignored when delivered via a <meta> element/;
    if (m.type() === 'error' && !benign.test(m.text())) problems.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.status()} ${r.url()}`);
  });

  await page.goto(bridge.url);
  await expect(page).toHaveTitle('OneDrive Mirror');
  const api = await page.evaluate(() => Object.keys((window as unknown as { api: object }).api));
  expect(api).toContain('app:getState');
  const state = await page.evaluate(() =>
    (window as unknown as { api: { 'app:getState'(i: object): Promise<unknown> } }).api['app:getState']({}),
  );
  expect(state).toMatchObject({ ok: true, value: { version } });
  // The renderer rendered the snapshot (no cloud configured: the welcome page), not the error fallback.
  await expect(page.getByRole('heading', { name: 'Welcome to OneDrive Mirror' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: /window\.api/ })).toHaveCount(0);
  await page.screenshot({ path: 'test-results/bridge-smoke.png', fullPage: true });

  // Commands and pushed events work from the page: a settings change comes back as a state event.
  const roundTrip = await page.evaluate(async () => {
    type Api = {
      on(e: 'state', cb: (s: { settings: { notifications: boolean } }) => void): () => void;
      'settings:update'(i: object): Promise<{ ok: boolean }>;
      'profile:add'(i: object): Promise<{ ok: boolean; error?: { code: string } }>;
    };
    const api = (window as unknown as { api: Api }).api;
    const seen = new Promise<boolean>((resolve) => {
      const off = api.on('state', (s) => {
        if (!s.settings.notifications) {
          off();
          resolve(true);
        }
      });
    });
    const update = await api['settings:update']({ notifications: false });
    const bad = await api['profile:add']({ name: '' });
    return { update: update.ok, event: await seen, bad: bad.error?.code };
  });
  expect(roundTrip).toEqual({ update: true, event: true, bad: 'bad_input' });
  expect(problems).toEqual([]);
});
