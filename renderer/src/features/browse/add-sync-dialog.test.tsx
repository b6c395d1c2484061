import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { CommandInput } from '../../../../shared/ipc';
import type { SourceEntry, SyncPreview } from '../../../../shared/model';
import { makeItem, makeProfile, makeState } from '../../test/builders';
import { renderApp } from '../../test/render-app';
import { findDialog } from '../../test/dialogs';

afterEach(cleanup);

const root = makeItem({ id: 'root', name: 'root', path: '/', childCount: 3 });
const documents = makeItem({ id: 'docs', name: 'Documents', path: '/Documents', childCount: 2, size: 3072 });
const photos = makeItem({ id: 'photos', name: 'Photos', path: '/Photos', childCount: 0 });
const notes = makeItem({ id: 'notes', name: 'notes.txt', kind: 'file', path: '/notes.txt', size: 2048, childCount: null });
const report = makeItem({
  id: 'report',
  name: 'report.docx',
  kind: 'file',
  path: '/Documents/report.docx',
  size: 1024,
  childCount: null,
});
const budget = makeItem({
  id: 'budget',
  name: 'budget.xlsx',
  kind: 'file',
  path: '/Documents/budget.xlsx',
  size: 2048,
  childCount: null,
});

const fits: SyncPreview = { downloads: 7, bytes: 3_500_000, trash: 0, renames: 0, conflicts: 0, freeBytesAfter: 20e9 };

function folder(itemId: string, name: string, childCount: number): SourceEntry {
  return {
    kind: 'folder',
    name,
    driveId: 'drive1',
    driveType: 'personal',
    itemId,
    siteId: null,
    owner: null,
    isFolder: true,
    childCount,
    size: 0,
  };
}

async function openWizard() {
  const rendered = await renderApp(
    makeState({ profiles: [makeProfile()], settings: { ...makeState().settings, defaultIntervalMinutes: 20 } }),
  );
  rendered.fake.handle('browse:list', ({ itemId }: CommandInput<'browse:list'>) =>
    itemId === 'docs'
      ? { ok: true, value: { folder: documents, breadcrumbs: [root, documents], items: [report, budget] } }
      : { ok: true, value: { folder: root, breadcrumbs: [root], items: [notes, photos, documents] } },
  );
  rendered.fake.succeed('sync:preview', fits);
  rendered.fake.handle('browse:sources', ({ request }: CommandInput<'browse:sources'>) =>
    request.kind === 'drive' && request.itemId === 'root'
      ? {
          ok: true,
          value: { title: 'root', folder: null, entries: [folder('photos', 'Photos', 1), folder('docs', 'Documents', 2)] },
        }
      : request.kind === 'drive' && request.itemId === 'photos'
        ? { ok: true, value: { title: 'Photos', folder: null, entries: [folder('y2019', '2019', 0)] } }
        : { ok: false, error: { code: 'not_found', message: 'no such folder' } },
  );
  fireEvent.click(screen.getByRole('button', { name: 'Add sync' }));
  const { inDialog } = await findDialog('add-sync-dialog');
  await inDialog.findByRole('button', { name: 'Documents' });
  return { ...rendered, inDialog };
}

describe('add sync wizard', () => {
  it('browses the root with folders first and sizes', async () => {
    const { fake, inDialog } = await openWizard();
    expect(fake.callsOf('browse:list')).toEqual([{ profileId: 'p1', itemId: null }]);
    const names = inDialog.getAllByRole('button', { name: /Documents|Photos|notes.txt/ }).map((b) => b.textContent);
    expect(names).toEqual(['Documents', 'Photos', 'notes.txt']);
    expect(inDialog.getByTestId('browse-list').textContent).toContain('2 items · 3.0 KB');
    await waitFor(() => expect(inDialog.getByTestId('add-sync-selection').textContent).toBe('Selected: / (folder)'));
  });

  it('opens folders lazily, follows breadcrumbs back from cache and filters', async () => {
    const { fake, inDialog } = await openWizard();
    fireEvent.click(inDialog.getByRole('button', { name: 'Documents' }));
    await inDialog.findByRole('button', { name: 'report.docx' });
    expect(fake.callsOf('browse:list')).toEqual([
      { profileId: 'p1', itemId: null },
      { profileId: 'p1', itemId: 'docs' },
    ]);
    expect(inDialog.getByTestId('browse-breadcrumbs').textContent).toContain('OneDrive');
    await waitFor(() => expect(inDialog.getByTestId('add-sync-selection').textContent).toBe('Selected: /Documents (folder)'));

    fireEvent.change(inDialog.getByRole('searchbox'), { target: { value: 'BUD' } });
    expect(inDialog.queryByRole('button', { name: 'report.docx' })).toBeNull();
    expect(inDialog.getByRole('button', { name: 'budget.xlsx' })).toBeTruthy();

    fireEvent.click(inDialog.getByRole('button', { name: 'OneDrive' }));
    await inDialog.findByRole('button', { name: 'Photos' });
    expect(fake.callsOf('browse:list')).toHaveLength(2);
  });

  it('picks a file, takes a typed local path when there is no picker, and adds the sync', async () => {
    const { fake, inDialog } = await openWizard();
    fake.fail('dialog:chooseDirectory', { code: 'internal', message: 'not available' });
    fake.succeed('sync:add', null as never);
    fireEvent.click(inDialog.getByRole('button', { name: 'Documents' }));
    fireEvent.click(await inDialog.findByRole('button', { name: 'report.docx' }));
    await waitFor(() =>
      expect(inDialog.getByTestId('add-sync-selection').textContent).toBe('Selected: /Documents/report.docx (file)'),
    );

    fireEvent.click(inDialog.getByRole('button', { name: 'Browse…' }));
    expect(await inDialog.findByText(/type the full path/)).toBeTruthy();
    expect(inDialog.getByLabelText(/Sync every/)).toHaveProperty('value', '20');

    fireEvent.click(inDialog.getByRole('button', { name: 'Add sync' }));
    expect(await inDialog.findByText(/Choose or type the folder/)).toBeTruthy();
    expect(fake.callsOf('sync:add')).toEqual([]);

    fireEvent.change(inDialog.getByLabelText(/Local folder/), { target: { value: '/home/ada/Docs' } });
    fireEvent.click(inDialog.getByRole('button', { name: 'Add sync' }));
    await waitFor(() =>
      expect(fake.callsOf('sync:add')).toEqual([
        { profileId: 'p1', driveId: 'drive1', itemId: 'report', localPath: '/home/ada/Docs', intervalMinutes: 20 },
      ]),
    );
    await waitFor(() => expect(screen.queryByTestId('add-sync-dialog')).toBeNull());
    expect(screen.queryByTestId('command-error')).toBeNull();
  });

  it('leaves out ticked subfolders, patterns and big files, previews with them and adds them', async () => {
    const { fake, inDialog } = await openWizard();
    fake.succeed('sync:add', null as never);
    await waitFor(() => expect(inDialog.getByTestId('add-sync-selection').textContent).toBe('Selected: / (folder)'));
    fireEvent.change(inDialog.getByLabelText(/Local folder/), { target: { value: '/home/ada/OneDrive' } });
    fireEvent.click(inDialog.getByRole('button', { name: /Leave out folders, names or big files/ }));
    fireEvent.click(await inDialog.findByRole('checkbox', { name: 'Leave out Documents' }));
    fireEvent.click(inDialog.getByRole('button', { name: 'Expand Photos' }));
    fireEvent.click(await inDialog.findByRole('checkbox', { name: 'Leave out 2019' }));
    fireEvent.change(inDialog.getByTestId('exclusions-patterns'), { target: { value: '*.iso\n\nnode_modules/\n' } });
    fireEvent.change(inDialog.getByTestId('exclusions-max-size'), { target: { value: 'huge' } });
    fireEvent.click(inDialog.getByRole('button', { name: 'Add sync' }));
    expect(await inDialog.findByText(/Enter a size such as 500KB/)).toBeTruthy();
    expect(fake.callsOf('sync:preview')).toEqual([]);

    fireEvent.change(inDialog.getByTestId('exclusions-max-size'), { target: { value: '1.5GiB' } });
    expect(inDialog.getByText('5 exclusions')).toBeTruthy();
    const exclusions = {
      folders: [
        { id: 'docs', path: 'Documents' },
        { id: 'y2019', path: 'Photos/2019' },
      ],
      patterns: ['*.iso', 'node_modules/'],
      maxFileSize: 1.5 * 1024 ** 3,
    };
    const target = { profileId: 'p1', driveId: 'drive1', itemId: 'root', localPath: '/home/ada/OneDrive', exclusions };
    fireEvent.click(inDialog.getByRole('button', { name: 'Add sync' }));
    await waitFor(() => expect(fake.callsOf('sync:add')).toEqual([{ ...target, intervalMinutes: 20 }]));
    expect(fake.callsOf('sync:preview')).toEqual([target]);
  });

  it('ticked folders belong to the folder they were ticked in: another selection starts with none', async () => {
    const { inDialog } = await openWizard();
    await waitFor(() => expect(inDialog.getByTestId('add-sync-selection').textContent).toBe('Selected: / (folder)'));
    fireEvent.click(inDialog.getByRole('button', { name: /Leave out folders, names or big files/ }));
    fireEvent.click(await inDialog.findByRole('checkbox', { name: 'Leave out Photos' }));
    expect(inDialog.getByText('1 exclusion')).toBeTruthy();
    fireEvent.click(within(inDialog.getByTestId('browse-list')).getByRole('button', { name: 'Documents' }));
    await waitFor(() => expect(inDialog.getByTestId('add-sync-selection').textContent).toBe('Selected: /Documents (folder)'));
    expect(await inDialog.findByText('Nothing left out.')).toBeTruthy();
  });

  it('shows the preview before adding, and refuses with the figures when the disk cannot hold it', async () => {
    const { fake, inDialog } = await openWizard();
    fake.succeed('sync:preview', { ...fits, bytes: 200e9, freeBytesAfter: -150e9 });
    fireEvent.change(inDialog.getByLabelText(/Local folder/), { target: { value: '/home/ada/OneDrive' } });
    fireEvent.click(inDialog.getByRole('button', { name: 'Preview' }));
    const result = await inDialog.findByTestId('add-sync-preview-result');
    expect(result.textContent).toMatch(
      /Not enough space: 7 files \(200 GB\) to download, but only 50 GB free on that disk \(150 GB short\)/,
    );
    expect(inDialog.getByRole('button', { name: 'Add sync' }).hasAttribute('disabled')).toBe(true);
    expect(fake.callsOf('sync:add')).toEqual([]);

    // Leaving a folder out is new input: the next Add previews again, and this time it fits.
    fake.succeed('sync:preview', fits);
    fake.succeed('sync:add', null as never);
    fireEvent.click(inDialog.getByRole('button', { name: /Leave out folders/ }));
    fireEvent.click(await inDialog.findByRole('checkbox', { name: 'Leave out Photos' }));
    expect(inDialog.queryByTestId('add-sync-preview-result')).toBeNull();
    fireEvent.click(inDialog.getByRole('button', { name: 'Preview' }));
    expect((await inDialog.findByTestId('add-sync-preview-result')).textContent).toBe(
      '7 files to download (3.5 MB); 20 GB free on that disk afterwards.',
    );
    fireEvent.click(inDialog.getByRole('button', { name: 'Add sync' }));
    await waitFor(() => expect(fake.callsOf('sync:add')).toHaveLength(1));
    expect(fake.callsOf('sync:preview')).toHaveLength(2); // the figures shown were the ones used
  });

  it('a preview that fails is shown once; adding again goes ahead without it', async () => {
    const { fake, inDialog } = await openWizard();
    fake.fail('sync:preview', { code: 'offline', message: 'OneDrive could not be reached.' });
    fake.succeed('sync:add', null as never);
    fireEvent.change(inDialog.getByLabelText(/Local folder/), { target: { value: '/home/ada/OneDrive' } });
    fireEvent.click(inDialog.getByRole('button', { name: 'Add sync' }));
    expect((await inDialog.findByTestId('add-sync-preview-result')).textContent).toContain('could not be reached');
    expect(fake.callsOf('sync:add')).toEqual([]);
    fireEvent.click(inDialog.getByRole('button', { name: 'Add sync' }));
    await waitFor(() => expect(fake.callsOf('sync:add')).toHaveLength(1));
  });

  it('uses the native folder picker when there is one', async () => {
    const { fake, inDialog } = await openWizard();
    fake.succeed('dialog:chooseDirectory', '/home/ada/OneDrive');
    fireEvent.click(inDialog.getByRole('button', { name: 'Browse…' }));
    await waitFor(() => expect(inDialog.getByLabelText(/Local folder/)).toHaveProperty('value', '/home/ada/OneDrive'));
  });

  it('shows a refused sync inside the dialog and keeps it open', async () => {
    const { fake, inDialog } = await openWizard();
    fake.fail('sync:add', { code: 'bad_input', message: 'That folder is already mirrored.' });
    fireEvent.change(inDialog.getByLabelText(/Local folder/), { target: { value: '/home/ada/Docs' } });
    fireEvent.click(inDialog.getByRole('button', { name: 'Add sync' }));
    expect((await inDialog.findByTestId('inline-error')).textContent).toContain('already mirrored');
  });

  it("stays open without an error when the user declined main's confirmation of the folder", async () => {
    const { fake, inDialog } = await openWizard();
    fake.fail('sync:add', { code: 'cancelled', message: 'Nothing was changed.' });
    fireEvent.change(inDialog.getByLabelText(/Local folder/), { target: { value: '/home/ada/Docs' } });
    fireEvent.click(inDialog.getByRole('button', { name: 'Add sync' }));
    await waitFor(() => expect(fake.callsOf('sync:add')).toHaveLength(1));
    await act(async () => {}); // let the answer land
    expect(inDialog.queryByTestId('inline-error')).toBeNull();
    expect(inDialog.getByRole('button', { name: 'Add sync' })).toBeTruthy();
  });

  it('shows a browse error with a way to try again', async () => {
    const { fake, inDialog } = await openWizard();
    fake.fail('browse:list', { code: 'offline', message: 'OneDrive could not be reached.' });
    fireEvent.click(inDialog.getByRole('button', { name: 'Photos' }));
    expect((await inDialog.findByTestId('inline-error')).textContent).toContain('could not be reached');
    fake.succeed('browse:list', { folder: photos, breadcrumbs: [root, photos], items: [] });
    fireEvent.click(inDialog.getByRole('button', { name: 'Try again' }));
    expect(await inDialog.findByText('This folder is empty.')).toBeTruthy();
  });
});
