import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { CommandInput } from '../../../../shared/ipc';
import type { SourceEntry, SyncView } from '../../../../shared/model';
import { makeProfile, makeState, makeSync } from '../../test/builders';
import { renderApp } from '../../test/render-app';
import { findDialog } from '../../test/dialogs';

afterEach(cleanup);

function folder(itemId: string, name: string): SourceEntry {
  return {
    kind: 'folder',
    name,
    driveId: 'drive1',
    driveType: 'business',
    itemId,
    siteId: null,
    owner: null,
    isFolder: true,
    childCount: 0,
    size: 0,
  };
}

async function editSync(over: Partial<SyncView>) {
  const rendered = await renderApp(makeState({ profiles: [makeProfile()], syncs: [makeSync(over)] }));
  rendered.fake.handle('browse:sources', ({ request }: CommandInput<'browse:sources'>) => ({
    ok: true,
    value: {
      title: 'Reports',
      folder: null,
      entries: request.kind === 'drive' ? [folder('q1', 'Q1'), folder('old', 'Old')] : [],
    },
  }));
  const row = within(screen.getByTestId('sync-row-s1'));
  return { ...rendered, row };
}

describe("a sync's exclusions", () => {
  it('the card counts them', async () => {
    const { row } = await editSync({
      exclusions: { folders: [{ id: 'old', path: 'Old' }], patterns: ['*.iso', '*.tmp'], maxFileSize: 1e9 },
    });
    expect(row.getByTestId('sync-exclusions').textContent).toBe('4 exclusions');
    cleanup();
    const none = await editSync({});
    expect(none.row.queryByTestId('sync-exclusions')).toBeNull();
  });

  it('the edit dialog shows them ticked and filled in, and sends only what changed', async () => {
    const { fake, row } = await editSync({
      exclusions: { folders: [{ id: 'old', path: 'Old' }], patterns: ['*.iso'], maxFileSize: 10_000_000 },
    });
    fireEvent.click(row.getByRole('button', { name: 'Edit' }));
    const { dialog } = await findDialog('edit-sync-dialog');
    const inDialog = within(dialog);
    const old = await inDialog.findByRole('checkbox', { name: 'Leave out Old' });
    expect((old as HTMLInputElement).checked).toBe(true);
    expect((inDialog.getByRole('checkbox', { name: 'Leave out Q1' }) as HTMLInputElement).checked).toBe(false);
    expect(inDialog.getByTestId('exclusions-patterns')).toHaveProperty('value', '*.iso');
    expect(inDialog.getByTestId('exclusions-max-size')).toHaveProperty('value', '10MB');
    // The sync's own root (StrictMode mounts twice in tests, so it may be asked twice).
    expect(new Set(fake.callsOf('browse:sources').map((c) => JSON.stringify(c)))).toEqual(
      new Set([JSON.stringify({ profileId: 'p1', request: { kind: 'drive', driveId: 'drive1', itemId: 'item1' } })]),
    );

    fireEvent.click(old); // included again
    fireEvent.click(inDialog.getByRole('checkbox', { name: 'Leave out Q1' }));
    fireEvent.change(inDialog.getByTestId('exclusions-max-size'), { target: { value: '' } });
    fireEvent.click(inDialog.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(fake.callsOf('sync:update')).toEqual([
        { id: 's1', exclusions: { folders: [{ id: 'q1', path: 'Q1' }], patterns: ['*.iso'], maxFileSize: null } },
      ]),
    );
  });

  it('saving unchanged exclusions sends nothing', async () => {
    const { fake, row } = await editSync({ exclusions: { folders: [], patterns: ['*.iso'], maxFileSize: 1.5 * 1024 ** 3 } });
    fireEvent.click(row.getByRole('button', { name: 'Edit' }));
    const { dialog } = await findDialog('edit-sync-dialog');
    expect(within(dialog).getByTestId('exclusions-max-size')).toHaveProperty('value', '1.5GiB');
    await within(dialog).findByRole('checkbox', { name: 'Leave out Q1' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByTestId('edit-sync-dialog')).toBeNull());
    expect(fake.callsOf('sync:update')).toEqual([]);
  });
});
