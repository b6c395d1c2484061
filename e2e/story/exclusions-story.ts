/**
 * The story's issue-17 chapter (exclusions and the preview in the add-sync flow), on a host of its own so it does
 * not depend on the main story's state: set up, connect, then add a sync that leaves out a folder and a pattern,
 * seeing the preview before adding. Screenshots 11 and 12.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { expect, type BrowserContext, type Page, test } from '@playwright/test';
import type { AccountInfo } from '../fake-cloud';
import { axeFindings, describeFinding, isBlocking } from './axe-check';
import { screenshotBoth } from './screenshots';
import { signInInBrowser, startStoryHost } from './story-host';

export async function exclusionsStory(page: Page, context: BrowserContext): Promise<void> {
  const host = await startStoryHost();
  try {
    host.cloud.control.createAccount({
      kind: 'personal',
      username: 'sam@outlook.com',
      displayName: 'Sam Lee',
      tree: {
        'Work/Reports/q1.txt': 'First quarter.\n',
        'Work/Reports/q2.txt': 'Second quarter.\n',
        'Work/notes.md': '# Notes\n',
        'Work/disk-image.iso': { size: 2_000_000, seed: 7 },
        'Work/Archive/2019/old.zip': { size: 3_000_000, seed: 8 },
        'Work/Archive/2020/older.zip': { size: 3_000_000, seed: 9 },
      },
    }) as AccountInfo;
    const localPath = path.join(host.workDir, 'Mirror', 'Work');

    await test.step('set up and connect an account', async () => {
      await page.goto(host.bridge.url);
      await page.getByLabel('Application (client) ID').fill(host.cloud.clientId);
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByRole('button', { name: 'Add account' }).click();
      await page.getByLabel('Account name').fill('Personal');
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      const card = page.getByRole('region', { name: 'Account Personal' });
      await card.getByRole('button', { name: 'Connect' }).click();
      await signInInBrowser(host, context);
      await expect(card.getByText('Connected', { exact: true })).toBeVisible();
    });

    const dialog = page.getByRole('dialog', { name: 'Add sync' });
    await test.step('add a sync that leaves out a folder and a name pattern', async () => {
      await page.getByRole('button', { name: 'Syncs', exact: true }).click();
      await page.getByRole('button', { name: 'Add sync' }).click();
      await dialog.getByRole('list', { name: 'Items in this folder' }).getByRole('button', { name: 'Work' }).click();
      await expect(dialog.getByText('Selected: /Work (folder)')).toBeVisible();
      await dialog.getByLabel('Local folder').fill(localPath);
      await dialog.getByRole('button', { name: /Leave out folders, names or big files/ }).click();
      await dialog.getByRole('checkbox', { name: 'Leave out Archive' }).check();
      await dialog.getByTestId('exclusions-patterns').fill('*.iso');
      await expect(dialog.getByText('2 exclusions')).toBeVisible();
      await screenshotBoth(page, '11-add-sync-exclusions', { darkToo: false });
    });

    await test.step('the preview says what the first run will download, then the sync is added', async () => {
      await dialog.getByRole('button', { name: 'Preview' }).click();
      await expect(dialog.getByTestId('add-sync-preview-result')).toHaveText(
        /^3 files to download \(\d+ B\); .* free on that disk afterwards\.$/,
      );
      await dialog.getByTestId('add-sync-preview-result').scrollIntoViewIfNeeded();
      await screenshotBoth(page, '12-add-sync-preview');
      const blocking = (await axeFindings(page, 'add sync: exclusions and preview')).filter(isBlocking);
      expect(blocking.map(describeFinding)).toEqual([]);
      await dialog.getByRole('button', { name: 'Add sync' }).click();
      await expect(dialog).toBeHidden();
      const row = page.getByRole('region', { name: 'Sync Work' });
      await expect(row.getByTestId('sync-exclusions')).toHaveText('2 exclusions');
      await expect(row.getByTestId('sync-status')).toHaveText('Up to date', { timeout: 30_000 });
      const files = (await readdir(localPath, { recursive: true })).map((f) => f.split(path.sep).join('/')).sort();
      expect(files).toEqual(['Reports', 'Reports/q1.txt', 'Reports/q2.txt', 'notes.md']);
    });
  } finally {
    await host.close();
  }
}
