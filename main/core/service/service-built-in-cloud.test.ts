/**
 * Issue 18, item 1: a build's default app registration (deps.builtInCloud) is in effect while no client id is
 * stored; the user's own registration replaces it, and clientId '' goes back to it. Without one, '' is refused.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CloudSettings } from '../../../shared/model';
import { systemClock } from '../ports';
import { SyncService } from './service';
import { fakeDeps } from '../testing/service-fakes';

const builtIn: CloudSettings = {
  clientId: '0123abcd-4567-89ab-cdef-0123456789ab',
  preset: 'global',
  tenant: 'consumers',
  authorityHost: null,
  graphUrl: null,
};
const own: CloudSettings = { ...builtIn, clientId: '99999999-4567-89ab-cdef-0123456789ab', tenant: 'common' };
const none: CloudSettings = { clientId: '', preset: 'global', tenant: 'common', authorityHost: null, graphUrl: null };

let tmp: string;
let t: ReturnType<typeof fakeDeps>;
let created: CloudSettings[];

function start(withBuiltIn: CloudSettings | null): SyncService {
  t = fakeDeps(path.join(tmp, 'data'), systemClock);
  created = [];
  const auth = t.deps.createAuth;
  t.deps.createAuth = (cloud, box) => (created.push(cloud), auth(cloud, box));
  t.deps.builtInCloud = withBuiltIn;
  const service = new SyncService(t.deps);
  service.start();
  return service;
}

beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'odm-builtin-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('a build with a default app registration', () => {
  it('is configured from the start and signs in with the built-in client id and tenant', async () => {
    const service = start(builtIn);
    expect(service.getState()).toMatchObject({ configured: true, builtInRegistration: true, cloud: none });
    const p = await service.handlers['profile:add']({ name: 'me' });
    await service.handlers['profile:connect']({ id: p.id });
    expect(created.at(-1)).toEqual(builtIn);
  });

  it('uses the user\'s own registration once saved, and the built-in one again after clientId ""', async () => {
    const service = start(builtIn);
    await service.handlers['cloud:update'](own);
    const p = await service.handlers['profile:add']({ name: 'me' });
    await service.handlers['profile:connect']({ id: p.id });
    expect(created.at(-1)).toEqual(own);

    // Back to the built-in one: another client id, so the signed-in profile is signed out (after a question).
    await service.handlers['cloud:update'](none);
    expect(t.confirmer.asked.at(-1)?.message).toContain('signs out 1 profile');
    expect(service.getState().profiles[0]!.authState).toBe('reconnect_required');
    expect(service.getState()).toMatchObject({ configured: true, cloud: none });
  });

  it('going to the built-in registration from nothing stored signs nobody out', async () => {
    const service = start(builtIn);
    const p = await service.handlers['profile:add']({ name: 'me' });
    await service.handlers['profile:connect']({ id: p.id });
    await service.handlers['cloud:update'](none);
    expect(t.confirmer.asked).toEqual([]);
    expect(service.getState().profiles[0]!.authState).toBe('connected');
  });
});

describe('a build without one', () => {
  it('is not configured, and refuses clientId "" with what to give instead', async () => {
    const service = start(null);
    expect(service.getState()).toMatchObject({ configured: false, builtInRegistration: false });
    await expect(service.handlers['cloud:update'](none)).rejects.toMatchObject({
      code: 'bad_input',
      message: expect.stringContaining('this build has none built in'),
    });
  });
});
