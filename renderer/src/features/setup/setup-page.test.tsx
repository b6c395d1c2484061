import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { makeState } from '../../test/builders';
import { pushState, renderApp } from '../../test/render-app';

afterEach(cleanup);

const unconfigured = () =>
  makeState({
    configured: false,
    cloud: { clientId: '', preset: 'global', tenant: 'common', authorityHost: null, graphUrl: null },
  });

describe('setup page', () => {
  it('shows the registration steps on first run instead of the app', async () => {
    await renderApp(unconfigured());
    expect(screen.getByTestId('setup-page')).toBeTruthy();
    const steps = screen.getByTestId('registration-steps').textContent ?? '';
    for (const part of [
      'New registration',
      'http://localhost',
      'Allow public client flows',
      'Files.Read.All',
      'offline_access',
    ]) {
      expect(steps).toContain(part);
    }
    expect(screen.queryByTestId('nav-syncs')).toBeNull();
  });

  it('refuses to save without a client id', async () => {
    const { fake } = await renderApp(unconfigured());
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(/Enter the Application \(client\) ID/)).toBeTruthy();
    expect(fake.callsOf('cloud:update')).toEqual([]);
  });

  it('asks for custom endpoints and a tenant only when chosen', async () => {
    const { fake } = await renderApp(unconfigured());
    expect(screen.queryByLabelText(/Authority URL/)).toBeNull();
    fireEvent.change(screen.getByLabelText(/Application \(client\) ID/), {
      target: { value: '0123abcd-4567-89ab-cdef-0123456789ab' },
    });
    fireEvent.change(screen.getByLabelText('Cloud'), { target: { value: 'custom' } });
    fireEvent.change(screen.getByLabelText('Who can sign in'), { target: { value: 'tenant' } });
    fireEvent.change(screen.getByLabelText(/Directory \(tenant\) ID/), { target: { value: 'contoso.onmicrosoft.com' } });
    fireEvent.change(screen.getByLabelText(/Authority URL/), { target: { value: 'http://127.0.0.1:4443' } });
    fireEvent.change(screen.getByLabelText(/Microsoft Graph URL/), { target: { value: 'https://127.0.0.1:4443/v1.0' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('The URL must start with https://')).toBeTruthy();
    expect(fake.callsOf('cloud:update')).toEqual([]);

    fireEvent.change(screen.getByLabelText(/Authority URL/), { target: { value: 'https://127.0.0.1:4443' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(fake.callsOf('cloud:update')).toEqual([
        {
          clientId: '0123abcd-4567-89ab-cdef-0123456789ab',
          preset: 'custom',
          tenant: 'contoso.onmicrosoft.com',
          authorityHost: 'https://127.0.0.1:4443',
          graphUrl: 'https://127.0.0.1:4443/v1.0',
        },
      ]),
    );
  });

  it('saves and then leads to Add account', async () => {
    const { fake } = await renderApp(unconfigured());
    fireEvent.change(screen.getByLabelText(/Application \(client\) ID/), {
      target: { value: '11111111-2222-3333-4444-555555555555' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fake.callsOf('cloud:update')).toHaveLength(1));
    pushState(fake, makeState());
    expect(await screen.findByRole('button', { name: 'Add account' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Accounts' }).getAttribute('aria-current')).toBe('page');
  });

  it('shows the error when the core refuses the registration', async () => {
    const { fake } = await renderApp(unconfigured());
    fake.fail('cloud:update', { code: 'bad_input', message: 'The client id was rejected.' });
    fireEvent.change(screen.getByLabelText(/Application \(client\) ID/), {
      target: { value: '99999999-2222-3333-4444-555555555555' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByTestId('command-error')).textContent).toContain('The client id was rejected.');
    expect(screen.getByTestId('setup-page')).toBeTruthy();
  });
});

describe('first screen', () => {
  const builtIn = () =>
    makeState({
      configured: true,
      builtInRegistration: true,
      cloud: { clientId: '', preset: 'global', tenant: 'common', authorityHost: null, graphUrl: null },
    });

  it('without a built-in registration: the setup page asks for the client id', async () => {
    await renderApp(unconfigured());
    expect(screen.getByTestId('setup-page')).toBeTruthy();
    expect(screen.getByLabelText(/Application \(client\) ID/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Add account' })).toBeNull();
  });

  it('with a built-in registration: Add account first, no registration steps', async () => {
    await renderApp(builtIn());
    expect(await screen.findByRole('button', { name: 'Add account' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Accounts' }).getAttribute('aria-current')).toBe('page');
    expect(screen.queryByTestId('setup-page')).toBeNull();
    expect(screen.queryByTestId('registration-steps')).toBeNull();
  });

  it('with a built-in registration: "Use my own app registration" is under Settings > Advanced', async () => {
    const { fake } = await renderApp(builtIn());
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    const advanced = await screen.findByTestId('settings-advanced');
    expect(advanced.textContent).toContain('Advanced');
    expect(screen.queryByLabelText(/Application \(client\) ID/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Use my own app registration' }));
    fireEvent.change(screen.getByLabelText(/Application \(client\) ID/), { target: { value: 'not-a-guid' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save registration' }));
    expect(await screen.findByText(/a GUID like/)).toBeTruthy();
    expect(fake.callsOf('cloud:update')).toEqual([]);
  });

  it("with the user's own registration stored: one button goes back to the built-in one", async () => {
    const { fake } = await renderApp(makeState({ builtInRegistration: true }));
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Use the built-in app registration' }));
    await waitFor(() =>
      expect(fake.callsOf('cloud:update')).toEqual([
        { clientId: '', preset: 'global', tenant: 'common', authorityHost: null, graphUrl: null },
      ]),
    );
  });
});
