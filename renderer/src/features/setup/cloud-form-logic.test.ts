import { describe, expect, it } from 'vitest';
import { cloudFormFromSettings, validateCloudForm, type CloudFormValues } from './cloud-form-logic';

const base: CloudFormValues = {
  clientId: '11111111-2222-3333-4444-555555555555',
  preset: 'global',
  tenantChoice: 'common',
  tenantId: '',
  authorityHost: '',
  graphUrl: '',
};

describe('validateCloudForm', () => {
  it('builds the cloud:update input for a global registration', () => {
    expect(validateCloudForm(base).input).toEqual({
      clientId: base.clientId,
      preset: 'global',
      tenant: 'common',
      authorityHost: null,
      graphUrl: null,
    });
  });
  it('asks for a client id and explains its shape', () => {
    expect(validateCloudForm({ ...base, clientId: ' ' }).errors.clientId).toMatch(/client\) ID/);
    const odd = validateCloudForm({ ...base, clientId: 'abc' });
    expect(odd.errors.clientId).toMatch(/a GUID like/);
    expect(odd.input).toBeNull();
  });
  it('uses a typed tenant id when a specific tenant is chosen', () => {
    const v = { ...base, tenantChoice: 'tenant' as const, tenantId: 'contoso.onmicrosoft.com' };
    expect(validateCloudForm(v).input?.tenant).toBe('contoso.onmicrosoft.com');
    expect(validateCloudForm({ ...v, tenantId: '' }).errors.tenantId).toBeDefined();
  });
  it('requires https for a custom authority and a URL for Graph', () => {
    const v = { ...base, preset: 'custom' as const, authorityHost: 'http://127.0.0.1:1', graphUrl: 'nope' };
    const { errors, input } = validateCloudForm(v);
    expect(input).toBeNull();
    expect(errors.authorityHost).toMatch(/https/);
    expect(errors.graphUrl).toMatch(/full URL/);
    const ok = validateCloudForm({ ...v, authorityHost: 'https://127.0.0.1:4443', graphUrl: 'https://127.0.0.1:4443/v1.0' });
    expect(ok.input).toMatchObject({
      preset: 'custom',
      authorityHost: 'https://127.0.0.1:4443',
      graphUrl: 'https://127.0.0.1:4443/v1.0',
    });
  });
  it('round-trips stored settings with a tenant id', () => {
    const values = cloudFormFromSettings({
      clientId: 'x',
      preset: 'usgov',
      tenant: 'contoso.com',
      authorityHost: null,
      graphUrl: null,
    });
    expect(values).toMatchObject({ tenantChoice: 'tenant', tenantId: 'contoso.com', preset: 'usgov' });
  });
});
