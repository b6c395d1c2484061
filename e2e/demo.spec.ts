// `npm run demo` in a browser: the page the printed URL serves renders the app (not only "Loading") and a
// sign-in through the UI reaches the fake cloud's demo account. The demo script runs as a child, as a user runs it.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { expect, test } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '..');
let demo: ChildProcess;
let url = '';

test.beforeAll(async () => {
  demo = spawn(process.execPath, ['--import', 'tsx', 'e2e/bridge/demo.ts'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: demo.stdout! }).once('line', (l) => resolve(/(http:\/\/\S+)/.exec(l)?.[1] ?? l));
    demo.once('exit', (code) => reject(new Error(`npm run demo exited with ${code}`)));
  });
});

test.afterAll(async () => {
  if (demo.exitCode !== null) return;
  const exited = new Promise((resolve) => demo.once('exit', resolve));
  demo.kill('SIGINT');
  await exited;
});

test('the demo URL shows the app and signs in the demo account', async ({ page }) => {
  await page.goto(url);
  await expect(page.getByTestId('app-shell')).toBeVisible();
  await expect(page.getByTestId('app-loading')).toHaveCount(0);
  await page.getByTestId('nav-accounts').click();
  await page.getByTestId('add-account').click();
  await page.getByTestId('profile-name').fill('demo');
  await page.getByTestId('profile-add-submit').click();
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByText('demo@outlook.com')).toBeVisible({ timeout: 20_000 });
});
