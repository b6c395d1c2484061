import { describe, expect, it } from 'vitest';
import { builtInCloudFromEnv, CLIENT_ID_PATTERN } from './app-registration';
import { commands } from './ipc';

const id = '0123abcd-4567-89ab-cdef-0123456789ab';

describe('the build-time default app registration (ODM_DEFAULT_*)', () => {
  it('is absent without a client id', () => {
    expect(builtInCloudFromEnv({})).toBeNull();
    expect(
      builtInCloudFromEnv({ ODM_DEFAULT_CLIENT_ID: '  ', ODM_DEFAULT_AUTHORITY: 'https://login.microsoftonline.com/common' }),
    ).toBeNull();
  });

  it.each([
    [undefined, { preset: 'global', tenant: 'common' }],
    ['https://login.microsoftonline.com/consumers/', { preset: 'global', tenant: 'consumers' }],
    ['https://login.microsoftonline.us/organizations', { preset: 'usgov', tenant: 'organizations' }],
    ['https://login.chinacloudapi.cn/common', { preset: 'china', tenant: 'common' }],
  ])('maps the authority %s onto a cloud preset and tenant', (authority, expected) => {
    expect(builtInCloudFromEnv({ ODM_DEFAULT_CLIENT_ID: ` ${id} `, ODM_DEFAULT_AUTHORITY: authority })).toEqual({
      clientId: id,
      authorityHost: null,
      graphUrl: null,
      ...expected,
    });
  });

  it('takes a custom authority only with its Graph URL', () => {
    const env = { ODM_DEFAULT_CLIENT_ID: id, ODM_DEFAULT_AUTHORITY: 'https://login.example.com/contoso' };
    expect(() => builtInCloudFromEnv(env)).toThrow(/set ODM_DEFAULT_GRAPH_URL/);
    expect(builtInCloudFromEnv({ ...env, ODM_DEFAULT_GRAPH_URL: 'https://graph.example.com/v1.0' })).toEqual({
      clientId: id,
      preset: 'custom',
      tenant: 'contoso',
      authorityHost: 'https://login.example.com',
      graphUrl: 'https://graph.example.com/v1.0',
    });
  });

  it.each([
    [{ ODM_DEFAULT_CLIENT_ID: 'my-app' }, /ODM_DEFAULT_CLIENT_ID "my-app": .*a GUID/],
    [
      { ODM_DEFAULT_CLIENT_ID: id, ODM_DEFAULT_AUTHORITY: 'http://login.microsoftonline.com/common' },
      /must be https:\/\/host\/tenant/,
    ],
    [{ ODM_DEFAULT_CLIENT_ID: id, ODM_DEFAULT_AUTHORITY: 'https://login.microsoftonline.com' }, /must be https:\/\/host\/tenant/],
    [{ ODM_DEFAULT_CLIENT_ID: id, ODM_DEFAULT_AUTHORITY: 'login.microsoftonline.com/common' }, /is not a URL/],
    [{ ODM_DEFAULT_CLIENT_ID: id, ODM_DEFAULT_CLIENT_SECRET: 's' }, /public client and ships no secret/],
  ])('fails the build for %o', (env, message) => {
    expect(() => builtInCloudFromEnv(env)).toThrow(message);
  });
});

describe('the client id in the contract', () => {
  const input = (clientId: string) => ({ clientId, preset: 'global', tenant: 'common', authorityHost: null, graphUrl: null });

  it('takes a GUID (any case, trimmed) or "" for the built-in registration', () => {
    expect(commands['cloud:update'].input.parse(input(` ${id.toUpperCase()} `)).clientId).toBe(id.toUpperCase());
    expect(commands['cloud:update'].input.parse(input('')).clientId).toBe('');
    expect(CLIENT_ID_PATTERN.test(id)).toBe(true);
  });

  it.each(['client-1', `${id}0`, `{${id}}`, 'https://login.microsoftonline.com'])(
    'refuses %s with a clear message',
    (clientId) => {
      const r = commands['cloud:update'].input.safeParse(input(clientId));
      expect(r.success).toBe(false);
      expect(r.error!.issues[0]!.message).toMatch(/client id must be the Application \(client\) ID .* a GUID like/);
    },
  );
});
