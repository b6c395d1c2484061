import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { makeState } from '../../test/builders';
import { renderApp } from '../../test/render-app';

afterEach(cleanup);

async function openSettings() {
  const rendered = await renderApp(makeState());
  fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
  await screen.findByTestId('settings-page');
  return rendered;
}

describe('settings page', () => {
  it('saves the changed preferences only', async () => {
    const { fake } = await openSettings();
    fake.succeed('settings:update', { ...fake.state.settings, launchAtLogin: true, parallelDownloads: 8 });
    fireEvent.click(screen.getByRole('switch', { name: /Start OneDrive Mirror when I sign in/ }));
    fireEvent.change(screen.getByLabelText('Parallel downloads'), { target: { value: '8' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(fake.callsOf('settings:update')).toEqual([{ launchAtLogin: true, parallelDownloads: 8 }]));
    expect(await screen.findByTestId('settings-saved')).toBeTruthy();
  });

  it('saves the big-delete threshold and notifications', async () => {
    const { fake } = await openSettings();
    fireEvent.change(screen.getByLabelText(/more than \(files\)/), { target: { value: '200' } });
    fireEvent.click(screen.getByRole('switch', { name: /Show notifications/ }));
    fireEvent.change(screen.getByLabelText(/Default sync interval/), { target: { value: '60' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() =>
      expect(fake.callsOf('settings:update')).toEqual([
        { bigDeleteFiles: 200, notifications: false, defaultIntervalMinutes: 60 },
      ]),
    );
  });

  it('turns live changes off', async () => {
    const { fake } = await openSettings();
    fireEvent.click(screen.getByRole('switch', { name: /Live changes/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(fake.callsOf('settings:update')).toEqual([{ liveChanges: false }]));
  });

  it('turns pausing on battery and on metered connections off (both on by default)', async () => {
    const { fake } = await openSettings();
    const battery = screen.getByRole('switch', { name: /on battery power below 20 %/ });
    const metered = screen.getByRole('switch', { name: /Pause background syncing on a metered connection/ });
    expect((battery as HTMLInputElement).checked).toBe(true);
    expect((metered as HTMLInputElement).checked).toBe(true);
    fireEvent.click(battery);
    fireEvent.click(metered);
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(fake.callsOf('settings:update')).toEqual([{ pauseOnBattery: false, pauseOnMetered: false }]));
  });

  it('refuses a big-delete threshold that is not a whole number of files, and explains the fixed clauses', async () => {
    const { fake } = await openSettings();
    expect(screen.queryByLabelText(/percent/)).toBeNull();
    expect(screen.getByText(/more than half of a sync and at least 50 files/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/more than \(files\)/), { target: { value: '0' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Enter a whole number of files from 1 to 1000000.')).toBeTruthy();
    expect(fake.callsOf('settings:update')).toEqual([]);
  });

  it('refuses out-of-range values without calling the core', async () => {
    const { fake } = await openSettings();
    fireEvent.change(screen.getByLabelText('Parallel downloads'), { target: { value: '40' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Enter a whole number from 1 to 16.')).toBeTruthy();
    expect(fake.callsOf('settings:update')).toEqual([]);
  });

  it('updates the app registration and opens the logs', async () => {
    const { fake } = await openSettings();
    fireEvent.change(screen.getByLabelText(/Application \(client\) ID/), {
      target: { value: 'aaaaaaaa-2222-3333-4444-555555555555' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save registration' }));
    await waitFor(() =>
      expect(fake.callsOf('cloud:update')).toEqual([
        {
          clientId: 'aaaaaaaa-2222-3333-4444-555555555555',
          preset: 'global',
          tenant: 'common',
          authorityHost: null,
          graphUrl: null,
        },
      ]),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Open logs folder' }));
    await waitFor(() => expect(fake.callsOf('app:openLogs')).toEqual([{}]));
  });
});
