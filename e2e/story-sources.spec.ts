/**
 * The story beyond My files (issue 15) and of live changes (issue 16), in Debian's Chromium through the e2e bridge,
 * against the fake cloud and the REAL core: a work account adds a folder of a SharePoint library (Sites > site >
 * library > folder, granting Sites.Read.All on the way) and a folder a colleague shared (Shared with me); both are
 * mirrored to disk; the share is revoked and the card says so with its two actions while every file stays; then an
 * edit made online arrives with the interval at 60 minutes and no "Sync now", and a dropped socket goes to
 * "Checking every 60 min (reconnecting)" and back to Live. Last, a library root, and a folder shared between personal
 * accounts in a second profile. The main story (e2e/story.spec.ts) covers My files.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { type AccountInfo, DEFAULT_CLIENT_ID, type SiteInfo } from './fake-cloud';
import { filesUnder, syncRow } from './story/mirror-view';
import { screenshotBoth } from './story/screenshots';
import { signInInBrowser, startStoryHost, type StoryHost } from './story/story-host';

let host: StoryHost;
let sam: AccountInfo;
let olga: AccountInfo;
let kim: AccountInfo;
let pat: AccountInfo;
let site: SiteInfo;

test.use({ ignoreHTTPSErrors: true });
// Each test goes on from where the one before left the app (signed in, the library folder mirrored).
test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  host = await startStoryHost({ live: true, env: { ONEDRIVE_MIRROR_CLIENT_ID: DEFAULT_CLIENT_ID } });
  const c = host.cloud.control;
  // Created first: the account the fake's sign-in page signs in.
  sam = c.createAccount({
    kind: 'business',
    username: 'sam@contoso.com',
    displayName: 'Sam Rivera',
    tree: { 'Notes/todo.txt': 'Mirror the team files.\n' },
  });
  olga = c.createAccount({
    kind: 'business',
    username: 'olga@contoso.com',
    displayName: 'Olga Owner',
    tenantId: sam.tid,
    tree: {
      'Trip/itinerary.txt': 'Day 1: Lisbon\n',
      'Trip/Photos/tram.jpg': { size: 120_000, seed: 11 },
      'Trip/Photos/river.jpg': { size: 120_000, seed: 12 },
    },
  });
  site = c.createSite({
    tenantOf: sam.accountId,
    name: 'Marketing',
    displayName: 'Contoso Marketing',
    members: [sam.accountId],
    followers: [sam.accountId],
    libraries: {
      Documents: {
        'Campaigns/plan.txt': 'Spring campaign: draft\n',
        'Campaigns/brief.md': '# Brief\nWho, what, when.\n',
        'Campaigns/Assets/banner.png': { size: 200_000, seed: 13 },
        'Templates/letter.txt': 'Dear ...\n',
      },
      Contracts: { '2026/acme.txt': 'Acme, signed\n', 'index.txt': 'Contracts\n' },
    },
  });
  c.share(olga.accountId, 'Trip', sam.accountId);
  // Personal accounts: Pat shares Beach with Kim (a second profile of the app).
  kim = c.createAccount({ kind: 'personal', username: 'kim@outlook.com', displayName: 'Kim Lee' });
  pat = c.createAccount({
    kind: 'personal',
    username: 'pat@outlook.com',
    displayName: 'Pat Jones',
    tree: { 'Beach/sunset.jpg': { size: 150_000, seed: 21 }, 'Beach/list.txt': 'towels\n' },
  });
  c.share(pat.accountId, 'Beach', kim.accountId);
});

test.afterAll(async () => {
  await host?.close();
});

const campaignsDir = () => path.join(host.workDir, 'Mirror', 'Campaigns');
const tripDir = () => path.join(host.workDir, 'Mirror', 'Trip');
const contractsDir = () => path.join(host.workDir, 'Mirror', 'Contracts');
const beachDir = () => path.join(host.workDir, 'Mirror', 'Beach');

test('beyond My files: a library folder and a shared folder, mirrored; the share revoked keeps every file', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));

  await test.step('connect a work account', async () => {
    await page.goto(host.bridge.url);
    await page.getByRole('button', { name: 'Add account' }).click();
    await page.getByLabel('Account name').fill('Work');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const card = page.getByRole('region', { name: 'Account Work' });
    await card.getByRole('button', { name: 'Connect' }).click();
    await signInInBrowser(host, context);
    await expect(card.getByText('Connected', { exact: true })).toBeVisible();
    await expect(card.getByText('sam@contoso.com')).toBeVisible();
  });

  await test.step('Sites > Contoso Marketing > Documents > Campaigns, after allowing access to sites', async () => {
    await page.getByRole('button', { name: 'Syncs', exact: true }).click();
    await page.getByRole('button', { name: 'Add sync' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add sync' });
    await dialog.getByRole('tab', { name: 'Sites' }).click();
    // Sites.Read.All is asked for only now: a second sign-in of the same account grants it.
    await dialog.getByRole('button', { name: 'Allow access to sites' }).click();
    await signInInBrowser(host, context);
    const list = dialog.getByTestId('source-list');
    // Followed sites first; a search finds the same site.
    await expect(list.getByRole('button', { name: 'Contoso Marketing' })).toBeVisible();
    await dialog.getByRole('searchbox', { name: 'Search sites' }).fill('Marketing');
    await dialog.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(dialog.getByRole('navigation', { name: 'Where you are' })).toContainText('Sites matching "Marketing"');
    await list.getByRole('button', { name: 'Contoso Marketing' }).click();
    await list.getByRole('button', { name: 'Documents' }).click();
    await expect(list.getByRole('button', { name: 'Templates' })).toBeVisible();
    await list.getByRole('button', { name: 'Campaigns' }).click();
    // Keyboard: Backspace goes up a level, Enter opens the focused row.
    await list.getByRole('button', { name: 'plan.txt' }).press('Backspace');
    await expect(list.getByRole('button', { name: 'Templates' })).toBeVisible();
    await list.getByRole('button', { name: 'Campaigns' }).press('Enter');
    await expect(list.getByRole('button', { name: 'plan.txt' })).toBeVisible();
    await expect(dialog.getByRole('navigation', { name: 'Where you are' })).toContainText('Campaigns');
    await expect(dialog.getByTestId('add-sync-selection')).toHaveText(
      'Selected: Contoso Marketing > Documents > Campaigns (folder)',
    );
    await dialog.getByLabel('Local folder').fill(campaignsDir());
    await dialog.getByLabel('Sync every (minutes)').fill('60');
    await page.mouse.move(0, 0); // no hover highlight on the last row clicked
    await screenshotBoth(page, 'S1-sites-browser');
    await dialog.getByRole('button', { name: 'Add sync' }).click();
    await expect(dialog).toBeHidden();
  });

  await test.step('the library folder is mirrored, and its card names the site and library', async () => {
    const row = syncRow(page, 'Campaigns');
    await expect(row.getByTestId('sync-status')).toHaveText('Up to date', { timeout: 30_000 });
    await expect(row.getByTestId('sync-remote-path')).toHaveText('Contoso Marketing > Documents > Campaigns (Work)');
    expect(await filesUnder(campaignsDir())).toEqual(['Assets/banner.png', 'brief.md', 'plan.txt']);
  });

  await test.step('Shared with me > Trip (shared by Olga Owner)', async () => {
    await page.getByRole('button', { name: 'Add sync' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add sync' });
    await dialog.getByRole('tab', { name: 'Shared with me' }).click();
    const list = dialog.getByTestId('source-list');
    await expect(list.getByRole('button', { name: /^Trip/ })).toContainText('shared by Olga Owner');
    await screenshotBoth(page, 'S2-shared-browser', { darkToo: false });
    await list.getByRole('button', { name: /^Trip/ }).click();
    await expect(list.getByRole('button', { name: 'itinerary.txt' })).toBeVisible();
    await expect(dialog.getByTestId('add-sync-selection')).toHaveText('Selected: Trip (folder)');
    await dialog.getByLabel('Local folder').fill(tripDir());
    await dialog.getByLabel('Sync every (minutes)').fill('60');
    await dialog.getByRole('button', { name: 'Add sync' }).click();
    await expect(dialog).toBeHidden();
    const row = syncRow(page, 'Trip');
    await expect(row.getByTestId('sync-status')).toHaveText('Up to date', { timeout: 30_000 });
    await expect(row.getByTestId('sync-remote-path')).toHaveText('Shared by Olga Owner: Trip (Work)');
    expect(await filesUnder(tripDir())).toEqual(['Photos/river.jpg', 'Photos/tram.jpg', 'itinerary.txt']);
  });

  await test.step('Olga stops sharing Trip: source_gone, both actions offered, nothing trashed', async () => {
    host.cloud.control.unshare(olga.accountId, 'Trip', sam.accountId);
    const row = syncRow(page, 'Trip');
    await row.getByRole('button', { name: 'Sync now' }).click();
    await expect(row.getByTestId('sync-status')).toHaveText('Needs attention', { timeout: 20_000 });
    await expect(row.getByTestId('sync-error')).toContainText('Trip is no longer shared with you');
    await expect(row.getByRole('button', { name: 'Keep the files and remove the sync' })).toBeVisible();
    await expect(row.getByRole('button', { name: 'Try again' })).toBeVisible();
    expect(await filesUnder(tripDir())).toEqual(['Photos/river.jpg', 'Photos/tram.jpg', 'itinerary.txt']);
    expect(await host.trash.contents()).toEqual([]);
    await row.scrollIntoViewIfNeeded();
    await page.mouse.move(0, 0);
    await screenshotBoth(page, 'S3-source-gone');

    // Try again asks Graph again: still gone, still every file.
    await row.getByRole('button', { name: 'Try again' }).click();
    await expect(row.getByTestId('sync-status')).toHaveText('Needs attention', { timeout: 20_000 });
    await expect(row.getByTestId('sync-error')).toContainText('Trip is no longer shared with you');
  });

  await test.step('Keep the files and remove the sync', async () => {
    const row = syncRow(page, 'Trip');
    await row.getByRole('button', { name: 'Keep the files and remove the sync' }).click();
    await expect(row).toHaveCount(0);
    await expect(syncRow(page, 'Campaigns')).toBeVisible();
    expect(await filesUnder(tripDir())).toEqual(['Photos/river.jpg', 'Photos/tram.jpg', 'itinerary.txt']);
    expect(await host.trash.contents()).toEqual([]);
  });

  expect(problems).toEqual([]);
});

test('live changes: an edit made online arrives without Sync now, and a dropped socket comes back to Live', async ({ page }) => {
  test.setTimeout(90_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const library = site.libraries[0]!.driveId;
  await page.goto(host.bridge.url);
  await page.getByRole('button', { name: 'Syncs', exact: true }).click();
  const row = syncRow(page, 'Campaigns');
  const live = row.getByTestId('sync-live');
  const lastSuccess = row.getByTestId('sync-last').locator('time');

  await test.step('with the interval at 60 min, an edit online is on disk without Sync now', async () => {
    await expect(live).toHaveText('Live', { timeout: 20_000 });
    await expect(row.getByTestId('sync-status')).toHaveText('Up to date');
    await expect(row.getByTestId('sync-next')).toContainText('(every 60 min)');
    const before = await lastSuccess.getAttribute('datetime');
    expect(before).not.toBeNull();

    host.cloud.control.modify(library, 'Campaigns/plan.txt', 'Spring campaign: approved\n');
    await expect
      .poll(() => readFile(path.join(campaignsDir(), 'plan.txt'), 'utf8'), { timeout: 20_000 })
      .toBe('Spring campaign: approved\n');
    // The run the notification started is on the card: a newer last success, up to date, still live.
    await expect(lastSuccess).not.toHaveAttribute('datetime', before!, { timeout: 20_000 });
    await expect(row.getByTestId('sync-status')).toHaveText('Up to date', { timeout: 20_000 });
    await expect(row.getByTestId('sync-last')).toHaveText('just now');
    await expect(live).toHaveText('Live');
    await screenshotBoth(page, 'S4-live', { darkToo: false });
  });

  await test.step('the socket drops: "Checking every 60 min (reconnecting)", then Live again', async () => {
    // The reconnecting state lasts about a second: every text the line shows is recorded as it changes.
    await live.evaluate((el) => {
      const seen: string[] = [];
      (window as unknown as { liveTexts: string[] }).liveTexts = seen;
      new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    host.cloud.control.dropSockets(library);
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { liveTexts: string[] }).liveTexts), {
        timeout: 20_000,
      })
      .toContain('Checking every 60 min (reconnecting)');
    await expect(live).toHaveText('Live', { timeout: 30_000 });

    // Live for real: the next edit arrives through the new socket.
    host.cloud.control.modify(library, 'Campaigns/brief.md', '# Brief\nApproved.\n');
    await expect
      .poll(() => readFile(path.join(campaignsDir(), 'brief.md'), 'utf8'), { timeout: 20_000 })
      .toBe('# Brief\nApproved.\n');
  });

  await test.step('the account says so too', async () => {
    await page.getByRole('button', { name: 'Accounts', exact: true }).click();
    await expect(page.getByRole('region', { name: 'Account Work' }).getByTestId('profile-live')).toHaveText(
      'Live: changes online arrive within seconds',
    );
  });

  expect(problems).toEqual([]);
});

test('more sources: a library root, and a folder shared between personal accounts in a second profile', async ({
  page,
  context,
}) => {
  test.setTimeout(90_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(host.bridge.url);

  await test.step('Sites > Contoso Marketing > Contracts: the library itself', async () => {
    await page.getByRole('button', { name: 'Syncs', exact: true }).click();
    await page.getByRole('button', { name: 'Add sync' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add sync' });
    await dialog.getByRole('tab', { name: 'Sites' }).click();
    const list = dialog.getByTestId('source-list');
    // Sites.Read.All was granted in the first test: no second prompt.
    await list.getByRole('button', { name: 'Contoso Marketing' }).click();
    await list.getByRole('button', { name: 'Contracts' }).click();
    await expect(list.getByRole('button', { name: 'index.txt' })).toBeVisible();
    await expect(dialog.getByTestId('add-sync-selection')).toHaveText('Selected: Contoso Marketing > Contracts (folder)');
    await dialog.getByLabel('Local folder').fill(contractsDir());
    await dialog.getByRole('button', { name: 'Add sync' }).click();
    await expect(dialog).toBeHidden();
    // A library root is named by its site and library ("Contracts" alone could be any site's).
    const row = syncRow(page, 'Contoso Marketing > Contracts');
    await expect(row.getByTestId('sync-status')).toHaveText('Up to date', { timeout: 30_000 });
    await expect(row.getByTestId('sync-remote-path')).toHaveText('Contoso Marketing > Contracts (Work)');
    expect(await filesUnder(contractsDir())).toEqual(['2026/acme.txt', 'index.txt']);
  });

  await test.step('a personal profile adds the folder Pat shared with Kim', async () => {
    await page.getByRole('button', { name: 'Accounts', exact: true }).click();
    await page.getByRole('button', { name: 'Add account' }).click();
    await page.getByLabel('Account name').fill('Home');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const card = page.getByRole('region', { name: 'Account Home' });
    host.cloud.control.setDefaultAccount(kim.accountId); // who the fake's sign-in page signs in
    await card.getByRole('button', { name: 'Connect' }).click();
    await signInInBrowser(host, context);
    await expect(card.getByText('kim@outlook.com')).toBeVisible();

    await page.getByRole('button', { name: 'Syncs', exact: true }).click();
    await page.getByRole('button', { name: 'Add sync' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add sync' });
    await dialog.getByTestId('add-sync-profile').selectOption({ label: 'Home (kim@outlook.com)' });
    // A personal account has no SharePoint sites: the section is not offered.
    await expect(dialog.getByRole('tab', { name: 'Sites' })).toHaveCount(0);
    await dialog.getByRole('tab', { name: 'Shared with me' }).click();
    const list = dialog.getByTestId('source-list');
    await expect(list.getByRole('button', { name: /^Beach/ })).toContainText('shared by Pat Jones');
    await list.getByRole('button', { name: /^Beach/ }).click();
    await expect(list.getByRole('button', { name: 'list.txt' })).toBeVisible();
    await expect(dialog.getByTestId('add-sync-selection')).toHaveText('Selected: Beach (folder)');
    await dialog.getByLabel('Local folder').fill(beachDir());
    await dialog.getByRole('button', { name: 'Add sync' }).click();
    await expect(dialog).toBeHidden();
    const row = syncRow(page, 'Beach');
    await expect(row.getByTestId('sync-status')).toHaveText('Up to date', { timeout: 30_000 });
    await expect(row.getByTestId('sync-remote-path')).toHaveText('Shared by Pat Jones: Beach (Home)');
    expect(await filesUnder(beachDir())).toEqual(['list.txt', 'sunset.jpg']);
    // A change Pat makes reaches Kim's disk too (a folder on a personal drive gets live changes).
    await expect(row.getByTestId('sync-live')).toHaveText('Live', { timeout: 20_000 });
    host.cloud.control.modify(pat.accountId, 'Beach/list.txt', 'towels, hats\n');
    await expect.poll(() => readFile(path.join(beachDir(), 'list.txt'), 'utf8'), { timeout: 20_000 }).toBe('towels, hats\n');
  });

  expect(problems).toEqual([]);
});
