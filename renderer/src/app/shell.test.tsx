import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { makeProfile, makeState, makeSync } from '../test/builders';
import { pushState, renderApp } from '../test/render-app';

afterEach(cleanup);

describe('app shell', () => {
  it('shows the version in Settings, not in the header', async () => {
    await renderApp(makeState({ version: '9.8.7' }));
    expect(screen.queryByTestId('app-version')).toBeNull();
    fireEvent.click(screen.getByTestId('nav-settings'));
    expect(screen.getByTestId('app-version').textContent).toBe('OneDrive Mirror 9.8.7');
  });

  it('follows state events pushed by the main process', async () => {
    const { fake } = await renderApp(makeState({ version: '1.0.0' }));
    fireEvent.click(screen.getByTestId('nav-settings'));
    pushState(fake, makeState({ version: '1.0.1' }));
    expect(screen.getByTestId('app-version').textContent).toBe('OneDrive Mirror 1.0.1');
  });

  it('gives every navigation item an inline SVG icon', async () => {
    await renderApp(makeState());
    for (const view of ['syncs', 'accounts', 'activity', 'settings']) {
      expect(screen.getByTestId(`nav-${view}`).querySelector('svg')).not.toBeNull();
    }
  });

  it('Pause syncing is a menu button with a chevron, disabled with nothing to pause', async () => {
    const { fake } = await renderApp(makeState({ syncs: [makeSync()] }));
    const pause = screen.getByTestId('pause-all');
    expect(pause.hasAttribute('disabled')).toBe(false);
    expect(pause.querySelectorAll('svg').length).toBeGreaterThan(0); // the chevron
    pushState(fake, makeState({ syncs: [makeSync({ status: 'inactive' })] }));
    expect(screen.getByTestId('pause-all').hasAttribute('disabled')).toBe(true);
  });

  it('shows a paused banner that resumes everything', async () => {
    const { fake } = await renderApp(makeState({ pausedUntil: 'forever' }));
    expect(screen.getByTestId('paused-banner').textContent).toContain('until you resume');
    fireEvent.click(screen.getByRole('button', { name: 'Resume' }));
    await waitFor(() => expect(fake.callsOf('syncs:resumeAll')).toEqual([{}]));
    pushState(fake, makeState({ pausedUntil: null }));
    expect(screen.queryByTestId('paused-banner')).toBeNull();
  });

  it('says why background syncing is held for power and offers "Sync anyway"', async () => {
    const { fake } = await renderApp(makeState({ powerPause: 'battery', syncs: [makeSync()] }));
    const banner = screen.getByTestId('power-pause-banner');
    expect(banner.textContent).toContain('Paused: on battery power');
    expect(banner.textContent).toContain('Sync now still works');
    fireEvent.click(screen.getByRole('button', { name: 'Sync anyway' }));
    await waitFor(() => expect(fake.callsOf('syncs:syncAnyway')).toEqual([{}]));
    pushState(fake, makeState({ powerPause: null, syncs: [makeSync()] }));
    expect(screen.queryByTestId('power-pause-banner')).toBeNull();
    pushState(fake, makeState({ powerPause: 'metered' }));
    expect(screen.getByTestId('power-pause-banner').textContent).toContain('Paused: on a metered connection');
    // The user's own pause is the one to end first: its banner alone.
    pushState(fake, makeState({ powerPause: 'metered', pausedUntil: 'forever' }));
    expect(screen.queryByTestId('power-pause-banner')).toBeNull();
    expect(screen.getByTestId('paused-banner')).toBeTruthy();
  });

  it('shows the time a timed pause ends', async () => {
    const until = new Date(Date.now() + 3600_000).toISOString();
    await renderApp(makeState({ pausedUntil: until }));
    expect(screen.getByTestId('paused-banner').textContent).toMatch(/paused until .*\d/);
  });

  it('shows a command error instead of swallowing it', async () => {
    const { fake } = await renderApp(makeState({ pausedUntil: 'forever' }));
    fake.fail('syncs:resumeAll', { code: 'internal', message: 'The scheduler is not running.' });
    fireEvent.click(screen.getByRole('button', { name: 'Resume' }));
    const alert = await screen.findByTestId('command-error');
    expect(alert.textContent).toContain('The scheduler is not running.');
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss error' }));
    expect(screen.queryByTestId('command-error')).toBeNull();
  });

  it('offers Reconnect on a reconnect notice and opens the account', async () => {
    const { fake } = await renderApp(
      makeState({
        profiles: [makeProfile({ authState: 'reconnect_required' })],
        notices: [{ id: 'n1', kind: 'reconnect_required', message: 'Work needs you to sign in again.', profileId: 'p1' }],
      }),
    );
    fireEvent.click(screen.getByTestId('notice-reconnect'));
    await waitFor(() => expect(fake.callsOf('profile:connect')).toEqual([{ id: 'p1' }]));
    expect(screen.getByRole('button', { name: 'Accounts' }).getAttribute('aria-current')).toBe('page');
  });

  it('asks before storing secrets without encryption', async () => {
    const { fake } = await renderApp(
      makeState({
        secretStorage: 'unavailable',
        notices: [{ id: 'n2', kind: 'insecure_secrets', message: 'No keyring found.', profileId: null }],
      }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Keep off' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Allow' }).hasAttribute('disabled')).toBe(false));
    fireEvent.click(screen.getByRole('button', { name: 'Allow' }));
    await waitFor(() => expect(fake.callsOf('secrets:allowPlaintext')).toEqual([{ allow: false }, { allow: true }]));
  });

  it('opens the account a navigate event names, highlighted', async () => {
    const { fake } = await renderApp(makeState({ profiles: [makeProfile(), makeProfile({ id: 'p2', name: 'Home' })] }));
    act(() => fake.emit('navigate', { view: 'accounts', id: 'p2' }));
    expect(screen.getByTestId('profile-p2').getAttribute('data-highlighted')).toBe('true');
    expect(screen.getByTestId('profile-p1').hasAttribute('data-highlighted')).toBe(false);
  });

  it('follows the OS dark mode', async () => {
    const original = window.matchMedia;
    window.matchMedia = ((query: string) => ({
      matches: query === '(prefers-color-scheme: dark)',
      media: query,
      addEventListener: () => {},
      removeEventListener: () => {},
    })) as unknown as typeof window.matchMedia;
    try {
      const { view } = await renderApp(makeState());
      expect(view.container.querySelector('[data-theme]')?.getAttribute('data-theme')).toBe('dark');
    } finally {
      window.matchMedia = original;
    }
  });

  it('switches view on a navigate event', async () => {
    const { fake } = await renderApp(makeState());
    act(() => fake.emit('navigate', { view: 'settings', id: null }));
    expect(screen.getByRole('button', { name: 'Settings' }).getAttribute('aria-current')).toBe('page');
  });
});
