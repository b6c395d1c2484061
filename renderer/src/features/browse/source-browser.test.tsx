import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import type { CommandInput } from '../../../../shared/ipc';
import type { SourceEntry } from '../../../../shared/model';
import { makeItem, makeProfile, makeState } from '../../test/builders';
import { renderApp } from '../../test/render-app';
import { findDialog } from '../../test/dialogs';

afterEach(cleanup);

/** Each level answers from a fake at once; the wait is for rendering on a loaded machine. */
const WAIT = { timeout: 10_000 };

const entry = (over: Partial<SourceEntry>): SourceEntry => ({
  kind: 'folder',
  name: 'x',
  driveId: null,
  driveType: null,
  itemId: null,
  siteId: null,
  owner: null,
  isFolder: true,
  childCount: null,
  size: null,
  ...over,
});

const trip = entry({
  kind: 'shared',
  name: 'Trip',
  driveId: 'b!alice',
  driveType: 'business',
  itemId: 'trip-id',
  owner: 'Alice Adams',
});
const site = entry({ kind: 'site', name: 'Contoso Marketing', siteId: 'contoso.sharepoint.com,1,2' });
const library = entry({
  kind: 'library',
  name: 'Documents',
  driveId: 'b!lib',
  driveType: 'documentLibrary',
  siteId: site.siteId,
  owner: 'Contoso Marketing',
});
const campaigns = entry({
  name: 'Campaigns',
  driveId: 'b!lib',
  driveType: 'documentLibrary',
  itemId: 'camp-id',
});

async function openWizard() {
  const rendered = await renderApp(makeState({ profiles: [makeProfile()] }));
  const root = makeItem({ id: 'root', name: 'root', path: '/', childCount: 0 });
  rendered.fake.handle('browse:list', () => ({
    ok: true,
    value: { folder: root, breadcrumbs: [root], items: [] },
  }));
  let consented = false;
  rendered.fake.handle('profile:grantSites', () => {
    consented = true;
    return { ok: true, value: makeProfile() };
  });
  rendered.fake.handle('browse:sources', ({ request }: CommandInput<'browse:sources'>) => {
    switch (request.kind) {
      case 'shared':
        return { ok: true, value: { title: 'Shared with me', folder: null, entries: [trip] } };
      case 'sites':
        return consented
          ? { ok: true, value: { title: 'Followed sites', folder: null, entries: [site] } }
          : { ok: false, error: { code: 'consent_required', message: 'needs Sites.Read.All' } };
      case 'site':
        return { ok: true, value: { title: 'Contoso Marketing', folder: null, entries: [library] } };
      case 'drive':
        if (request.driveId === 'b!lib' && !request.itemId)
          return {
            ok: true,
            value: {
              title: 'Documents',
              folder: entry({ name: 'root', driveId: 'b!lib', itemId: 'lib-root' }),
              entries: [campaigns],
            },
          };
        if (request.itemId === 'camp-id') return { ok: true, value: { title: 'Campaigns', folder: campaigns, entries: [] } };
        return { ok: true, value: { title: 'Trip', folder: { ...trip, kind: 'folder' }, entries: [] } };
      default:
        return { ok: false, error: { code: 'not_found', message: 'no' } };
    }
  });
  rendered.fake.succeed('sync:add', null as never);
  rendered.fake.succeed('sync:preview', { downloads: 1, bytes: 10, trash: 0, renames: 0, conflicts: 0, freeBytesAfter: 1e9 });
  fireEvent.click(screen.getByRole('button', { name: 'Add sync' }));
  const { inDialog } = await findDialog('add-sync-dialog');
  return { ...rendered, inDialog };
}

describe('add sync: shared with me and sites', () => {
  it('adds a folder shared with me by its owner drive and item', async () => {
    const { fake, inDialog } = await openWizard();
    fireEvent.click(inDialog.getByRole('tab', { name: 'Shared with me' }));
    fireEvent.click(await inDialog.findByRole('button', { name: /Trip/ }));
    await waitFor(() => expect(inDialog.getByTestId('add-sync-selection').textContent).toBe('Selected: Trip (folder)'), WAIT);
    fireEvent.change(inDialog.getByLabelText(/Local folder/), { target: { value: '/home/ada/Trip' } });
    fireEvent.click(inDialog.getByRole('button', { name: 'Add sync' }));
    await waitFor(
      () =>
        expect(fake.callsOf('sync:add')).toEqual([
          expect.objectContaining({
            profileId: 'p1',
            driveId: 'b!alice',
            itemId: 'trip-id',
            localPath: '/home/ada/Trip',
          }),
        ]),
      WAIT,
    );
  }, 30_000);

  it('asks for site access once, then walks site > library > folder lazily with breadcrumbs', async () => {
    const { fake, inDialog } = await openWizard();
    fireEvent.click(inDialog.getByRole('tab', { name: 'Sites' }));
    fireEvent.click(await inDialog.findByTestId('grant-sites'));
    fireEvent.click(await inDialog.findByRole('button', { name: 'Contoso Marketing' }));
    fireEvent.click(await inDialog.findByRole('button', { name: /Documents/ }));
    fireEvent.click(await inDialog.findByRole('button', { name: 'Campaigns' }));
    await waitFor(
      () =>
        expect(inDialog.getByTestId('add-sync-selection').textContent).toBe(
          'Selected: Contoso Marketing > Documents > Campaigns (folder)',
        ),
      WAIT,
    );
    // Each level asked when opened (StrictMode may ask the first one twice).
    expect([...new Set(fake.callsOf('browse:sources').map((c) => c.request.kind))]).toEqual(['sites', 'site', 'drive']);
    expect(fake.callsOf('profile:grantSites')).toEqual([{ id: 'p1' }]);
    // Keyboard: Backspace goes up a level, arrows move between rows.
    fireEvent.keyDown(inDialog.getByTestId('source-list'), { key: 'Backspace' });
    await waitFor(
      () =>
        expect(inDialog.getByTestId('add-sync-selection').textContent).toBe('Selected: Contoso Marketing > Documents (folder)'),
      WAIT,
    );
    (await inDialog.findByTestId('source-entry', {}, WAIT)).focus();
    fireEvent.keyDown(inDialog.getByTestId('source-list'), { key: 'ArrowUp' });
    expect(document.activeElement?.textContent).toBe('Campaigns');
    fireEvent.click(inDialog.getByRole('button', { name: 'Campaigns' }));
    await waitFor(
      () => expect(fake.callsOf('browse:sources').filter((c) => c.request.kind === 'drive').length).toBeGreaterThanOrEqual(3),
      WAIT,
    );
    // Back to the library root by its crumb: the library root is then the selection.
    fireEvent.click(inDialog.getByRole('button', { name: 'Documents' }));
    await waitFor(
      () =>
        expect(inDialog.getByTestId('add-sync-selection').textContent).toBe('Selected: Contoso Marketing > Documents (folder)'),
      WAIT,
    );
  }, 30_000);
});
