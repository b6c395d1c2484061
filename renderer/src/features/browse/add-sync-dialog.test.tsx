import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import type { CommandInput } from '../../../../shared/ipc';
import { makeItem, makeProfile, makeState } from '../../test/builders';
import { renderApp } from '../../test/render-app';
import { findDialog } from '../../test/dialogs';

afterEach(cleanup);

const root = makeItem({ id: 'root', name: 'root', path: '/', childCount: 3 });
const documents = makeItem({ id: 'docs', name: 'Documents', path: '/Documents', childCount: 2, size: 3072 });
const photos = makeItem({ id: 'photos', name: 'Photos', path: '/Photos', childCount: 0 });
const notes = makeItem({ id: 'notes', name: 'notes.txt', kind: 'file', path: '/notes.txt', size: 2048, childCount: null });
const report = makeItem({ id: 'report', name: 'report.docx', kind: 'file', path: '/Documents/report.docx', size: 1024, childCount: null });
const budget = makeItem({ id: 'budget', name: 'budget.xlsx', kind: 'file', path: '/Documents/budget.xlsx', size: 2048, childCount: null });

async function openWizard() {
  const rendered = await renderApp(makeState({ profiles: [makeProfile()], settings: { ...makeState().settings, defaultIntervalMinutes: 20 } }));
  rendered.fake.handle('browse:list', ({ itemId }: CommandInput<'browse:list'>) =>
    itemId === 'docs'
      ? { ok: true, value: { folder: documents, breadcrumbs: [root, documents], items: [report, budget] } }
      : { ok: true, value: { folder: root, breadcrumbs: [root], items: [notes, photos, documents] } },
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
    await waitFor(() => expect(inDialog.getByTestId('add-sync-selection').textContent).toBe('Selected: /Documents/report.docx (file)'));

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

  it('stays open without an error when the user declined main\'s confirmation of the folder', async () => {
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
