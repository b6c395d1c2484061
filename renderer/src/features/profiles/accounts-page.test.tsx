import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { ProfileView } from '../../../../shared/model';
import { makeProfile, makeState, makeSync } from '../../test/builders';
import { pushState, renderApp } from '../../test/render-app';
import { findDialog } from '../../test/dialogs';

afterEach(cleanup);

async function openAccounts(profiles: ProfileView[], extra = {}) {
  const rendered = await renderApp(makeState({ profiles, ...extra }));
  fireEvent.click(screen.getByRole('button', { name: 'Accounts' }));
  return rendered;
}

const signedOut = makeProfile({ authState: 'signed_out', account: null, drive: null });

describe('accounts page', () => {
  it('adds a profile by name and shows Connect for it', async () => {
    const { fake } = await openAccounts([]);
    fake.succeed('profile:add', signedOut);
    fireEvent.click(screen.getByRole('button', { name: 'Add account' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(await screen.findByText(/Give the account a name/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Account name'), { target: { value: ' Work ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    await waitFor(() => expect(fake.callsOf('profile:add')).toEqual([{ name: 'Work' }]));
    pushState(fake, makeState({ profiles: [signedOut] }));
    expect(screen.getByRole('button', { name: 'Connect' })).toBeTruthy();
    // The new card is not outlined as if selected (only a card the shell navigated to is).
    expect(screen.getByTestId('profile-p1').hasAttribute('data-highlighted')).toBe(false);
    expect(screen.getByTestId('profile-status').textContent).toBe('Not connected');
  });

  it('says whether the account gets live changes', async () => {
    await openAccounts([makeProfile({ live: true })]);
    expect(screen.getByTestId('profile-live').textContent).toMatch(/^Live/);
    cleanup();
    await openAccounts([makeProfile({ live: false })]);
    expect(screen.getByTestId('profile-live').textContent).toMatch(/interval/);
  });

  it('shows a waiting spinner while connecting and cancels it', async () => {
    const { fake } = await openAccounts([signedOut]);
    let finish: (v: unknown) => void = () => {};
    fake.handle('profile:connect', () => new Promise((resolve) => (finish = resolve as never)));
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    expect(await screen.findByText(/Waiting for you to sign in/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(fake.callsOf('profile:cancelConnect')).toEqual([{ id: 'p1' }]));
    finish({ ok: false, error: { code: 'cancelled', message: 'Cancelled.' } });
    await waitFor(() => expect(screen.queryByTestId('profile-signing-in')).toBeNull());
    expect(screen.queryByTestId('command-error')).toBeNull();
    expect(screen.getByRole('button', { name: 'Connect' })).toBeTruthy();
  });

  it('shows the spinner when the state says a sign-in is waiting', async () => {
    await openAccounts([{ ...signedOut, signingIn: true }]);
    expect(screen.getByTestId('profile-signing-in')).toBeTruthy();
  });

  it('shows the account, drive type and quota when connected', async () => {
    await openAccounts([makeProfile()]);
    expect(screen.getByTestId('profile-username').textContent).toBe('ada@example.com');
    expect(screen.getByTestId('profile-drive-type').textContent).toBe('OneDrive for work or school');
    expect(screen.getByTestId('quota').textContent).toContain('25 GB of 100 GB used');
    expect(screen.getByRole('progressbar', { name: /Storage/ })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Connect' })).toBeNull();
  });

  it('marks a profile that must reconnect and reconnects it', async () => {
    const { fake } = await openAccounts([makeProfile({ authState: 'reconnect_required' })]);
    expect(screen.getByTestId('profile-status').textContent).toBe('Reconnect needed');
    fireEvent.click(screen.getByRole('button', { name: 'Reconnect' }));
    await waitFor(() => expect(fake.callsOf('profile:connect')).toEqual([{ id: 'p1' }]));
  });

  it('signs out and renames', async () => {
    const { fake } = await openAccounts([makeProfile()]);
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(fake.callsOf('profile:signOut')).toEqual([{ id: 'p1' }]));
    fireEvent.click(screen.getByRole('button', { name: 'Rename' }));
    fireEvent.change(screen.getByLabelText('New name'), { target: { value: 'Office' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fake.callsOf('profile:rename')).toEqual([{ id: 'p1', name: 'Office' }]));
  });

  it('shows the refusal when removing a profile that syncs still use', async () => {
    const { fake } = await openAccounts([makeProfile()], { syncs: [makeSync()] });
    fake.fail('profile:remove', { code: 'bad_input', message: 'Remove the syncs that use Work first.' });
    fireEvent.click(screen.getByRole('button', { name: 'Remove' }));
    const { dialog } = await findDialog('remove-profile-dialog');
    expect(dialog.textContent).toContain('used by 1 sync');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove' }));
    expect((await screen.findByTestId('command-error')).textContent).toContain('Remove the syncs that use Work first.');
    expect(fake.callsOf('profile:remove')).toEqual([{ id: 'p1' }]);
  });
});
