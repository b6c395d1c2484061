import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { SyncView } from '../../../../shared/model';
import { makeProfile, makeState, makeSync } from '../../test/builders';
import { renderApp } from '../../test/render-app';
import { findDialog } from '../../test/dialogs';

afterEach(cleanup);

async function showSync(sync: Partial<SyncView>, extra = {}) {
  const rendered = await renderApp(makeState({ profiles: [makeProfile()], syncs: [makeSync(sync)], ...extra }));
  // The edit dialog lists the sync's subfolders (to leave out): none here.
  rendered.fake.succeed('browse:sources', { title: 'Reports', folder: null, entries: [] });
  const row = screen.getByTestId('sync-row-s1');
  return { ...rendered, row, inRow: within(row) };
}

describe('sync rows', () => {
  it('shows an up to date sync with its paths, last and next sync', async () => {
    const { row, inRow } = await showSync({});
    expect(row.getAttribute('aria-label')).toBe('Sync Reports');
    expect(inRow.getByTestId('sync-status').textContent).toBe('Up to date');
    expect(inRow.getByTestId('sync-remote-path').textContent).toBe('/Documents/Reports (Work)');
    expect(inRow.getByTestId('sync-local-path').textContent).toBe('/home/ada/Reports');
    expect(inRow.getByTestId('sync-last').textContent).toBe('5 minutes ago');
    expect(inRow.getByTestId('sync-next').textContent).toBe('in 10 minutes (every 15 min)');
    expect(inRow.queryByTestId('sync-error')).toBeNull();
    expect(inRow.queryByTestId('sync-last-failure')).toBeNull();
  });

  it('keeps the exact time of the last success on the card (two runs a second apart both read "just now")', async () => {
    const at = new Date(Date.now() - 2_000).toISOString();
    const { inRow } = await showSync({ lastSuccessAt: at });
    const last = inRow.getByTestId('sync-last');
    expect(last.textContent).toBe('just now');
    expect(last.querySelector('time')?.getAttribute('datetime')).toBe(at);
    expect(last.querySelector('time')?.getAttribute('title')).toMatch(/\d{2}:\d{2}/);
  });

  it('shows no time element for a sync that never succeeded', async () => {
    const { inRow } = await showSync({ lastSuccessAt: null, lastSyncStatus: null, lastSyncAt: null });
    expect(inRow.getByTestId('sync-last').textContent).toBe('never');
    expect(inRow.getByTestId('sync-last').querySelector('time')).toBeNull();
  });

  it('while held for battery, the next sync waits for the charger', async () => {
    const { inRow } = await showSync({}, { powerPause: 'battery' });
    expect(inRow.getByTestId('sync-next').textContent).toBe('when plugged in (or Sync anyway)');
    expect(inRow.getByRole('button', { name: 'Sync now' }).hasAttribute('disabled')).toBe(false);
  });

  it('shows the last success and the last failure apart', async () => {
    const { inRow } = await showSync({
      lastSyncAt: new Date(Date.now() - 2 * 60_000).toISOString(),
      lastSyncStatus: 'failed',
      lastSuccessAt: new Date(Date.now() - 3 * 3_600_000).toISOString(),
      lastFailureAt: new Date(Date.now() - 2 * 60_000).toISOString(),
      errorCode: 'offline',
    });
    expect(inRow.getByTestId('sync-last').textContent).toBe('3 hours ago');
    expect(inRow.getByTestId('sync-last-failure').textContent).toBe('2 minutes ago');
  });

  it('says whether changes online arrive live or on the interval, and why', async () => {
    const live = await showSync({ live: true });
    expect(live.inRow.getByTestId('sync-live').textContent).toBe('Live');
    cleanup();
    const fallback = await showSync({ live: false, liveReason: 'not_supported' });
    expect(fallback.inRow.getByTestId('sync-live').textContent).toBe(
      'Checking every 15 min (live changes not supported for this drive)',
    );
    cleanup();
    const paused = await showSync({ status: 'inactive' });
    expect(paused.inRow.getByTestId('sync-live').textContent).toBe('—');
  });

  it('shows progress of files and bytes and the current file while syncing', async () => {
    const { inRow } = await showSync({
      running: true,
      progress: {
        phase: 'applying',
        filesDone: 3,
        filesTotal: 120,
        bytesDone: 1024 ** 2,
        bytesTotal: 4 * 1024 ** 2,
        currentFile: 'Q3/report.xlsx',
      },
    });
    expect(inRow.getByTestId('sync-status').textContent).toBe('Syncing');
    expect(inRow.getByTestId('sync-percent').textContent).toBe('25%');
    expect(inRow.getByTestId('sync-next').textContent).toBe('after this run (every 15 min)');
    expect(inRow.getByTestId('sync-progress').textContent).toContain('3 of 120 files · 1.0 MB of 4.0 MB');
    expect(inRow.getByTestId('sync-current-file').textContent).toBe('Q3/report.xlsx');
    expect(inRow.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('0.25');
    expect(inRow.getByRole('button', { name: 'Sync now' }).hasAttribute('disabled')).toBe(true);
  });

  it('pauses, resumes, syncs now and opens the folder', async () => {
    const { fake, inRow } = await showSync({});
    fireEvent.click(inRow.getByRole('button', { name: 'Pause' }));
    fireEvent.click(inRow.getByRole('button', { name: 'Open folder' }));
    await waitFor(() => expect(fake.callsOf('sync:pause')).toEqual([{ id: 's1' }]));
    // The row's buttons stay disabled until the pause command has settled.
    await waitFor(() => expect(inRow.getByRole('button', { name: 'Sync now' }).hasAttribute('disabled')).toBe(false));
    fireEvent.click(inRow.getByRole('button', { name: 'Sync now' }));
    await waitFor(() => expect(fake.callsOf('sync:now')).toEqual([{ id: 's1' }]));
    expect(fake.callsOf('sync:openLocal')).toEqual([{ id: 's1' }]);
  });

  it('shows a paused sync with Resume', async () => {
    const { fake, inRow } = await showSync({ status: 'inactive' });
    expect(inRow.getByTestId('sync-status').textContent).toBe('Paused');
    expect(inRow.getByTestId('sync-next').textContent).toBe('—');
    fireEvent.click(inRow.getByRole('button', { name: 'Resume' }));
    await waitFor(() => expect(fake.callsOf('sync:resume')).toEqual([{ id: 's1' }]));
  });

  it('asks to reconnect once: with the banner showing, the row has no second Reconnect button', async () => {
    const { inRow } = await showSync(
      { status: 'error', errorCode: 'reconnect_required', errorMessage: null, action: 'reconnect' },
      { notices: [{ id: 'n1', kind: 'reconnect_required', message: 'Work needs to sign in again.', profileId: 'p1' }] },
    );
    expect(screen.getAllByRole('button', { name: 'Reconnect' })).toHaveLength(1);
    expect(within(screen.getByTestId('notice-reconnect_required')).getByRole('button', { name: 'Reconnect' })).toBeTruthy();
    expect(inRow.queryByTestId('sync-fix')).toBeNull();
    expect(inRow.getByTestId('sync-error').textContent).toContain('Reconnect the account');
  });

  it('offers Reconnect for a sign-in error and reconnects the sync’s profile', async () => {
    const { fake, inRow } = await showSync({
      status: 'error',
      errorCode: 'reconnect_required',
      errorMessage: null,
      action: 'reconnect',
    });
    expect(inRow.getByTestId('sync-status').textContent).toBe('Needs attention');
    expect(inRow.getByTestId('sync-error').textContent).toContain('Reconnect the account');
    expect(inRow.getAllByTestId('sync-fix')).toHaveLength(1);
    fireEvent.click(inRow.getByRole('button', { name: 'Reconnect' }));
    await waitFor(() => expect(fake.callsOf('profile:connect')).toEqual([{ id: 'p1' }]));
  });

  it('offers Retry for a failure worth retrying', async () => {
    const { fake, inRow } = await showSync({
      status: 'error',
      errorCode: 'disk_full',
      errorMessage: 'Disk is full.',
      action: 'retry',
    });
    expect(inRow.getByTestId('sync-error').textContent).toContain('Disk is full.');
    fireEvent.click(inRow.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(fake.callsOf('sync:now')).toEqual([{ id: 's1' }]));
  });

  it('names the source of a shared folder, and offers both ways out when access to it ended', async () => {
    const { fake, inRow } = await showSync({
      source: 'Shared by Olga Owner: Trip',
      driveType: 'personal',
      status: 'error',
      errorCode: 'source_gone',
      errorMessage: 'Trip is no longer shared with you.',
      action: 'source_gone',
    });
    expect(inRow.getByTestId('sync-remote-path').textContent).toContain('Shared by Olga Owner: Trip');
    expect(inRow.getByTestId('sync-error').textContent).toContain('no longer shared with you');
    fireEvent.click(inRow.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(fake.callsOf('sync:now')).toEqual([{ id: 's1' }]));
    fireEvent.click(inRow.getByRole('button', { name: 'Keep the files and remove the sync' }));
    await waitFor(() => expect(fake.callsOf('sync:remove')).toEqual([{ id: 's1', deleteLocalFiles: false }]));
  }, 30_000);

  it('shows no fix button when there is nothing to do', async () => {
    const { inRow } = await showSync({ status: 'error', errorCode: 'remote_missing', action: 'none' });
    expect(inRow.getByTestId('sync-error').textContent).toContain('no longer exists');
    expect(inRow.queryByTestId('sync-fix')).toBeNull();
  });

  it('locates a missing folder with the native picker', async () => {
    const { fake, inRow } = await showSync({ status: 'error', errorCode: 'local_missing', action: 'locate_folder' });
    fake.succeed('dialog:chooseDirectory', '/media/disk/Reports');
    fireEvent.click(inRow.getByRole('button', { name: 'Locate folder' }));
    await waitFor(() => expect(fake.callsOf('sync:update')).toEqual([{ id: 's1', localPath: '/media/disk/Reports' }]));
  });

  it('locates a missing folder by typing it when there is no native picker', async () => {
    const { fake, inRow } = await showSync({ status: 'error', errorCode: 'local_missing', action: 'locate_folder' });
    fake.fail('dialog:chooseDirectory', { code: 'internal', message: 'No dialog in the browser.' });
    fireEvent.click(inRow.getByRole('button', { name: 'Locate folder' }));
    const { dialog } = await findDialog('edit-sync-dialog');
    fireEvent.change(within(dialog).getByLabelText(/Local folder/), { target: { value: '/media/disk/Reports' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fake.callsOf('sync:update')).toEqual([{ id: 's1', localPath: '/media/disk/Reports' }]));
    expect(screen.queryByTestId('command-error')).toBeNull();
  });

  it('reviews deletions and confirms them', async () => {
    const { fake, inRow } = await showSync({
      status: 'error',
      errorCode: 'confirm_deletes',
      action: 'review_deletions',
      pendingDeletes: 2,
    });
    fake.succeed('sync:pendingDeletes', [
      { path: 'Q1/a.xlsx', size: 2048 },
      { path: 'Q1/b.xlsx', size: 1024 },
    ]);
    expect(inRow.getByTestId('sync-error').textContent).toContain('(2 files)');
    fireEvent.click(inRow.getByRole('button', { name: 'Review deletions' }));
    const { dialog } = await findDialog('review-deletions-dialog');
    await within(dialog).findByText('Q1/a.xlsx');
    expect(within(dialog).getByTestId('review-summary').textContent).toContain('These 2 files (3.0 KB)');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(fake.callsOf('sync:confirmDeletes')).toEqual([{ id: 's1' }]));
    await waitFor(() => expect(screen.queryByTestId('review-deletions-dialog')).toBeNull());
  });

  it('reviews deletions and keeps the files', async () => {
    const { fake, inRow } = await showSync({
      status: 'error',
      errorCode: 'confirm_deletes',
      action: 'review_deletions',
      pendingDeletes: 1,
    });
    fake.succeed('sync:pendingDeletes', [{ path: 'a.txt', size: 1 }]);
    fireEvent.click(inRow.getByRole('button', { name: 'Review deletions' }));
    const { dialog } = await findDialog('review-deletions-dialog');
    await within(dialog).findByText('a.txt');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Keep' }));
    await waitFor(() => expect(fake.callsOf('sync:keepFiles')).toEqual([{ id: 's1' }]));
    expect(fake.callsOf('sync:confirmDeletes')).toEqual([]);
  });

  it('removes a sync keeping local files by default', async () => {
    const { fake, inRow } = await showSync({});
    fireEvent.click(inRow.getByRole('button', { name: 'Remove' }));
    const { dialog } = await findDialog('remove-sync-dialog');
    expect((within(dialog).getByLabelText(/Keep the local files/) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(fake.callsOf('sync:remove')).toEqual([{ id: 's1', deleteLocalFiles: false }]));
  });

  it('removes a sync and its local files when asked', async () => {
    const { fake, inRow } = await showSync({});
    fireEvent.click(inRow.getByRole('button', { name: 'Remove' }));
    const { dialog } = await findDialog('remove-sync-dialog');
    fireEvent.click(within(dialog).getByLabelText(/Move the mirrored local files to the trash/));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(fake.callsOf('sync:remove')).toEqual([{ id: 's1', deleteLocalFiles: true }]));
  });

  it('edits the interval and rejects a bad one', async () => {
    const { fake, inRow } = await showSync({});
    fireEvent.click(inRow.getByRole('button', { name: 'Edit' }));
    const { dialog } = await findDialog('edit-sync-dialog');
    const minutes = within(dialog).getByLabelText(/Sync every/);
    fireEvent.change(minutes, { target: { value: '0' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText(/whole minutes/)).toBeTruthy();
    fireEvent.change(minutes, { target: { value: '30' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fake.callsOf('sync:update')).toEqual([{ id: 's1', intervalMinutes: 30 }]));
  });

  it('shows a refused edit inside the dialog', async () => {
    const { fake, inRow } = await showSync({});
    fake.fail('sync:update', { code: 'bad_input', message: 'That folder is inside another sync.' });
    fireEvent.click(inRow.getByRole('button', { name: 'Edit' }));
    const { dialog } = await findDialog('edit-sync-dialog');
    fireEvent.change(within(dialog).getByLabelText(/Local folder/), { target: { value: '/elsewhere' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect((await within(dialog).findByTestId('inline-error')).textContent).toContain('inside another sync');
  });

  it('disables Add sync until an account is connected', async () => {
    await renderApp(makeState({ profiles: [makeProfile({ authState: 'signed_out' })] }));
    expect(screen.getByRole('button', { name: 'Add sync' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByTestId('syncs-empty').textContent).toContain('Connect a Microsoft account');
  });
});
