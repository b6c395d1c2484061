import { describe, expect, it } from 'vitest';
import type { CloudSettings } from '../../../shared/model';
import { isAppError } from '../errors';
import { resolveCloud, type CloudEnv } from './cloud-config';

const base: CloudSettings = { clientId: 'app-1', preset: 'global', tenant: 'common', authorityHost: null, graphUrl: null };
const settings = (over: Partial<CloudSettings>): CloudSettings => ({ ...base, ...over });

describe('resolveCloud', () => {
  const cases: Array<{ name: string; settings: CloudSettings; env?: CloudEnv; expected: object }> = [
    {
      name: 'global preset with the common tenant',
      settings: base,
      expected: {
        clientId: 'app-1',
        authority: 'https://login.microsoftonline.com/common',
        knownAuthorities: [],
        graphUrl: 'https://graph.microsoft.com/v1.0',
        graphHost: 'graph.microsoft.com',
      },
    },
    {
      name: 'US Government preset with a tenant id',
      settings: settings({ preset: 'usgov', tenant: '72f988bf-86f1-41af-91ab-2d7cd011db47' }),
      expected: {
        authority: 'https://login.microsoftonline.us/72f988bf-86f1-41af-91ab-2d7cd011db47',
        knownAuthorities: [],
        graphUrl: 'https://graph.microsoft.us/v1.0',
        graphHost: 'graph.microsoft.us',
      },
    },
    {
      name: 'China preset with organizations',
      settings: settings({ preset: 'china', tenant: 'organizations' }),
      expected: {
        authority: 'https://login.chinacloudapi.cn/organizations',
        knownAuthorities: [],
        graphUrl: 'https://microsoftgraph.chinacloudapi.cn/v1.0',
        graphHost: 'microsoftgraph.chinacloudapi.cn',
      },
    },
    {
      name: 'custom endpoints: the authority host:port becomes a known authority',
      settings: settings({
        preset: 'custom',
        tenant: 'consumers',
        authorityHost: 'https://login.example.test:8443/',
        graphUrl: 'https://graph.example.test:9443/v1.0/',
      }),
      expected: {
        authority: 'https://login.example.test:8443/consumers',
        knownAuthorities: ['login.example.test:8443'],
        graphUrl: 'https://graph.example.test:9443/v1.0',
        graphHost: 'graph.example.test',
      },
    },
    {
      name: 'env overrides client id, authority and Graph URL',
      settings: base,
      env: {
        ONEDRIVE_MIRROR_CLIENT_ID: ' env-app ',
        ONEDRIVE_MIRROR_AUTHORITY: 'https://127.0.0.1:4443/common',
        ONEDRIVE_MIRROR_GRAPH_URL: 'https://127.0.0.1:4443/v1.0',
      },
      expected: {
        clientId: 'env-app',
        authority: 'https://127.0.0.1:4443/common',
        knownAuthorities: ['127.0.0.1:4443'],
        graphUrl: 'https://127.0.0.1:4443/v1.0',
        graphHost: '127.0.0.1',
      },
    },
    {
      name: 'an env authority on a Microsoft host needs no known authority',
      settings: base,
      env: { ONEDRIVE_MIRROR_AUTHORITY: 'https://login.microsoftonline.com/consumers' },
      expected: { authority: 'https://login.microsoftonline.com/consumers', knownAuthorities: [] },
    },
    {
      name: 'an empty tenant falls back to common',
      settings: settings({ tenant: ' ' }),
      expected: { authority: 'https://login.microsoftonline.com/common' },
    },
  ];

  it.each(cases)('$name', ({ settings: s, env, expected }) => {
    expect(resolveCloud(s, env)).toMatchObject(expected);
  });

  const failures: Array<{ name: string; settings: CloudSettings; env?: CloudEnv; code: string; message: RegExp }> = [
    { name: 'missing client id', settings: settings({ clientId: '' }), code: 'not_configured', message: /client id/ },
    {
      name: 'http authority from env',
      settings: base,
      env: { ONEDRIVE_MIRROR_AUTHORITY: 'http://127.0.0.1:4443/common' },
      code: 'bad_input',
      message: /https/,
    },
    {
      name: 'http custom authority host',
      settings: settings({ preset: 'custom', authorityHost: 'http://login.example.test', graphUrl: 'https://g.test/v1.0' }),
      code: 'bad_input',
      message: /https/,
    },
    {
      name: 'authority without a tenant',
      settings: base,
      env: { ONEDRIVE_MIRROR_AUTHORITY: 'https://127.0.0.1:4443/' },
      code: 'bad_input',
      message: /tenant/,
    },
    {
      name: 'custom preset without an authority host',
      settings: settings({ preset: 'custom', graphUrl: 'https://g.test/v1.0' }),
      code: 'not_configured',
      message: /authority/,
    },
    {
      name: 'custom preset without a Graph URL',
      settings: settings({ preset: 'custom', authorityHost: 'https://login.example.test' }),
      code: 'not_configured',
      message: /Graph/,
    },
    { name: 'a tenant with a slash', settings: settings({ tenant: 'common/../x' }), code: 'bad_input', message: /tenant/ },
    {
      name: 'a Graph URL that is not a URL',
      settings: base,
      env: { ONEDRIVE_MIRROR_GRAPH_URL: 'graph' },
      code: 'bad_input',
      message: /not a valid URL/,
    },
  ];

  it.each(failures)('refuses $name', ({ settings: s, env, code, message }) => {
    let thrown: unknown;
    try {
      resolveCloud(s, env);
    } catch (e) {
      thrown = e;
    }
    expect(isAppError(thrown)).toBe(true);
    expect((thrown as Error & { code: string }).code).toBe(code);
    expect((thrown as Error).message).toMatch(message);
  });
});
