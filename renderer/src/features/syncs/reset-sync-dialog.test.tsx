import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { SyncView } from '../../../../shared/model';
import { makeProfile, makeState, makeSync } from '../../test/builders';
import { renderApp } from '../../test/render-app';
import { findDialog } from '../../test/dialogs';

afterEach(cleanup);

async function showSync(sync: Partial<SyncView>) {
  const rendered = await renderApp(makeState({ profiles: [makeProfile()], syncs: [makeSync(sync)] }));
  return { ...rendered, inRow: within(screen.getByTestId('sync-row-s1')) };
}

describe('download everything again', () => {
  it('is offered beside Locate folder for a missing or emptied folder, says how much, and resets', async () => {
    const { fake, inRow } = await showSync({ status: 'error', errorCode: 'local_missing', action: 'locate_folder' });
    fake.succeed('sync:resetSize', { files: 1234, bytes: 5 * 1024 ** 3 });
    fake.succeed('sync:reset', { files: 1234, bytes: 5 * 1024 ** 3 });
    expect(inRow.getByRole('button', { name: 'Locate folder' })).toBeTruthy();
    fireEvent.click(inRow.getByTestId('sync-reset'));
    const { inDialog } = await findDialog('reset-sync-dialog');
    await waitFor(() => expect(inDialog.getByTestId('reset-size').textContent).toContain('1234 files (5.0 GB'));
    expect(fake.callsOf('sync:reset')).toEqual([]);
    fireEvent.click(inDialog.getByTestId('reset-sync-confirm'));
    await waitFor(() => expect(fake.callsOf('sync:reset')).toEqual([{ id: 's1' }]));
    await waitFor(() => expect(screen.queryByTestId('reset-sync-dialog')).toBeNull());
  });

  it('Cancel forgets nothing', async () => {
    const { fake, inRow } = await showSync({ status: 'error', errorCode: 'local_missing', action: 'locate_folder' });
    fake.succeed('sync:resetSize', { files: 2, bytes: 10 });
    fireEvent.click(inRow.getByTestId('sync-reset'));
    const { inDialog } = await findDialog('reset-sync-dialog');
    await waitFor(() => expect(inDialog.getByTestId('reset-size').textContent).toContain('2 files (10 B'));
    fireEvent.click(inDialog.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByTestId('reset-sync-dialog')).toBeNull());
    expect(fake.callsOf('sync:reset')).toEqual([]);
  });

  it('is not offered for other errors', async () => {
    const { inRow } = await showSync({ status: 'error', errorCode: 'access_denied', action: 'reconnect' });
    expect(inRow.queryByTestId('sync-reset')).toBeNull();
  });
});
