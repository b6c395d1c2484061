/**
 * Accessibility: axe over the main screens of the built renderer, served by the bridge with the real core
 * against the fake cloud, in light and dark. No serious or critical violations; the others are printed.
 */
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import type { AccountInfo } from './fake-cloud';
import { type AxeFinding, axeFindings, describeFinding, isBlocking } from './story/axe-check';
import { signInInBrowser, startStoryHost, type StoryHost } from './story/story-host';

let host: StoryHost;
let sam: AccountInfo;

test.use({ ignoreHTTPSErrors: true });

test.beforeAll(async () => {
  host = await startStoryHost();
  sam = host.cloud.control.createAccount({
    kind: 'business',
    username: 'sam@contoso.com',
    displayName: 'Sam Rivera',
    tree: {
      'Reports/q1.xlsx': { size: 20_000, seed: 1 },
      'Reports/q2.xlsx': { size: 20_000, seed: 2 },
      'Reports/Archive/2024.pdf': { size: 30_000, seed: 3 },
      'Reports/Archive/2023.pdf': { size: 30_000, seed: 4 },
      'Shared/': null,
    },
  }) as AccountInfo;
});

test.afterAll(async () => {
  await host?.close();
});

function report(findings: AxeFinding[]): void {
  const others = findings.filter((f) => !isBlocking(f));
  if (others.length > 0)
    console.log(
      `axe: ${others.length} minor/moderate finding(s):\n  ${others.map(describeFinding).join('\n  ')}`,
    );
}

/** The accessible names of the controls Tab reaches, once round the page from the top. */
async function tabStops(page: Page): Promise<string[]> {
  // Clicking plain text moves the sequential focus starting point to the top of the page.
  await page.getByRole('heading', { name: 'OneDrive Mirror', level: 1 }).click();
  const names: string[] = [];
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const name = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      return (el.getAttribute('aria-label') ?? el.textContent ?? '').trim() || el.tagName;
    });
    if (name === null || names.includes(name)) break;
    names.push(name);
  }
  return names;
}

async function nav(page: Page, view: string): Promise<void> {
  await page.getByRole('button', { name: view, exact: true }).click();
}

test('the main screens have no serious or critical axe violations in light and dark; the syncs page is reachable by Tab', async ({
  page,
  context,
}) => {
  test.setTimeout(90_000);
  const findings: AxeFinding[] = [];
  const row = page.getByRole('region', { name: 'Sync Reports' });

  await page.goto(host.bridge.url);
  await expect(page.getByRole('heading', { name: 'Welcome to OneDrive Mirror' })).toBeVisible();
  findings.push(...(await axeFindings(page, 'setup')));

  await page.getByLabel('Application (client) ID').fill(host.cloud.clientId);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('button', { name: 'Add account' }).click();
  await expect(page.getByLabel('Account name')).toBeVisible();
  findings.push(...(await axeFindings(page, 'accounts: add form')));
  await page.getByLabel('Account name').fill('Work');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  const card = page.getByRole('region', { name: 'Account Work' });
  await card.getByRole('button', { name: 'Connect' }).click();
  await expect(card.getByText('Waiting for you to sign in in your browser…')).toBeVisible();
  findings.push(...(await axeFindings(page, 'accounts: signing in')));
  await signInInBrowser(host, context);
  await expect(card.getByText('Connected', { exact: true })).toBeVisible();
  findings.push(...(await axeFindings(page, 'accounts: connected')));

  await nav(page, 'Syncs');
  await expect(page.getByTestId('syncs-empty')).toBeVisible();
  findings.push(...(await axeFindings(page, 'syncs: empty')));
  await page.getByRole('button', { name: 'Add sync' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add sync' });
  await dialog
    .getByRole('list', { name: 'Items in this folder' })
    .getByRole('button', { name: 'Reports' })
    .click();
  await expect(dialog.getByRole('button', { name: 'q1.xlsx' })).toBeVisible();
  await dialog.getByLabel('Local folder').fill(path.join(host.workDir, 'Reports'));
  findings.push(...(await axeFindings(page, 'add-sync dialog')));
  await dialog.getByRole('button', { name: 'Add sync' }).click();
  await expect(row.getByTestId('sync-status')).toHaveText('Up to date', { timeout: 20_000 });
  findings.push(...(await axeFindings(page, 'syncs: up to date')));
  expect(await tabStops(page)).toEqual(
    expect.arrayContaining([
      'Pause syncing',
      'Syncs',
      'Accounts',
      'Activity',
      'Settings',
      'Add sync',
      'Sync now',
      'Pause',
      'Open folder',
      'Edit',
      'Remove',
    ]),
  );

  // Needs attention, with the app-level reconnect prompt.
  host.cloud.control.revokeRefreshTokens(sam.accountId);
  host.cloud.control.expireAccessTokens(sam.accountId);
  await row.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('notice-reconnect_required')).toBeVisible();
  findings.push(...(await axeFindings(page, 'syncs: reconnect needed')));
  await page.getByTestId('notice-reconnect_required').getByRole('button', { name: 'Reconnect' }).click();
  await signInInBrowser(host, context);
  await expect(card.getByText('Connected', { exact: true })).toBeVisible();

  // A big delete waiting for review, and its dialog.
  await host.core.service.handlers['settings:update']({ bigDeleteFiles: 1 });
  host.cloud.control.delete(sam.accountId, 'Reports/Archive');
  await nav(page, 'Syncs');
  await expect(row.getByTestId('sync-status')).toHaveText('Up to date', { timeout: 20_000 });
  await row.getByRole('button', { name: 'Sync now' }).click();
  await expect(row.getByRole('button', { name: 'Review deletions' })).toBeVisible();
  findings.push(...(await axeFindings(page, 'syncs: deletions to review')));
  await row.getByRole('button', { name: 'Review deletions' }).click();
  await expect(
    page.getByRole('dialog', { name: 'Review deletions in Reports' }).getByRole('listitem'),
  ).toHaveCount(2);
  findings.push(...(await axeFindings(page, 'review-deletions dialog')));
  await page.getByRole('dialog').getByRole('button', { name: 'Keep' }).click();

  await nav(page, 'Activity');
  await expect(page.getByText(/Synced: 4 downloaded/)).toBeVisible();
  findings.push(...(await axeFindings(page, 'activity')));

  await nav(page, 'Settings');
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  findings.push(...(await axeFindings(page, 'settings')));

  report(findings);
  expect(findings.filter(isBlocking).map(describeFinding)).toEqual([]);
});
