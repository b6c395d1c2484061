/**
 * Issue 13, item 2: a change of client id, authority or Graph URL signs every profile out (token caches deleted,
 * Reconnect shown), only after the user confirmed outside the renderer; declining changes nothing. The same
 * confirmation guards storing tokens unencrypted.
 */
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CloudSettings } from '../../../shared/model';
import { describeCloudChange } from '../auth/cloud-config';
import { systemClock } from '../ports';
import { SyncService } from './service';
import { fakeDeps } from '../testing/service-fakes';
import { useTempDirs } from '../testing/temp-dirs';

const temp = useTempDirs();

let tmp: string;
let t: ReturnType<typeof fakeDeps>;
let service: SyncService;

const global1: CloudSettings = {
  clientId: 'client-1',
  preset: 'global',
  tenant: 'common',
  authorityHost: null,
  graphUrl: null,
};
const evil: CloudSettings = {
  clientId: 'client-1',
  preset: 'custom',
  tenant: 'common',
  authorityHost: 'https://login.evil.example',
  graphUrl: 'https://graph.evil.example/v1.0',
};

beforeEach(async () => {
  tmp = await temp.make('odm-cloud-');
  t = fakeDeps(path.join(tmp, 'data'), systemClock);
  t.store.update((db) => void (db.cloud = { ...global1 }));
  service = new SyncService(t.deps);
  service.start();
});

async function connected(name: string) {
  const p = await service.handlers['profile:add']({ name });
  return service.handlers['profile:connect']({ id: p.id });
}

describe('describeCloudChange', () => {
  it.each([
    ['the same settings', global1, false, false],
    ['another client id', { ...global1, clientId: 'client-2' }, true, false],
    ['another tenant (the authority)', { ...global1, tenant: 'organizations' }, true, false],
    ['another national cloud', { ...global1, preset: 'usgov' as const }, true, true],
    ['custom hosts', evil, true, true],
  ])('%s', (_what, after, endpointsChanged, graphOriginChanged) => {
    expect(describeCloudChange(global1, after)).toMatchObject({ endpointsChanged, graphOriginChanged });
  });

  it('names the hosts that are not Microsoft clouds', () => {
    expect(describeCloudChange(global1, evil).customHosts).toEqual(['login.evil.example', 'graph.evil.example']);
    expect(describeCloudChange(global1, { ...global1, preset: 'china' }).customHosts).toEqual([]);
  });

  it('counts only hosts the stored settings newly name, not env overrides', () => {
    const env = {
      ONEDRIVE_MIRROR_AUTHORITY: 'https://127.0.0.1:9/common',
      ONEDRIVE_MIRROR_GRAPH_URL: 'https://127.0.0.1:9/v1.0',
    };
    const unset = { ...global1, clientId: '' };
    expect(describeCloudChange(unset, global1, env)).toMatchObject({
      endpointsChanged: true,
      customHosts: [],
    });
    expect(describeCloudChange(evil, { ...evil, clientId: 'client-2' }).customHosts).toEqual([]);
  });

  it('changes nothing while env overrides decide the endpoints', () => {
    const env = {
      ONEDRIVE_MIRROR_AUTHORITY: 'https://a.example/common',
      ONEDRIVE_MIRROR_GRAPH_URL: 'https://g.example/v1.0',
    };
    expect(describeCloudChange(global1, { ...global1, preset: 'china' }, env).endpointsChanged).toBe(false);
  });
});

describe('cloud:update', () => {
  it('signs every profile out after the user confirmed: caches deleted, Reconnect shown, stored links dropped', async () => {
    const a = await connected('work');
    const b = await connected('home');
    const sync = await service.handlers['sync:add']({
      profileId: a.id,
      driveId: 'drive1',
      itemId: 'docs',
      localPath: path.join(tmp, 'm'),
    });
    t.confirmer.asked = []; // the typed folder was confirmed too
    await service.handlers['cloud:update'](evil);
    expect(t.confirmer.asked).toHaveLength(1);
    expect(t.confirmer.asked[0]!.message).toContain('signs out 2 profiles');
    expect(t.confirmer.asked[0]!.detail).toContain('graph.evil.example');
    expect(t.auth.signedOut.sort()).toEqual([a.id, b.id].sort());
    const state = service.getState();
    expect(state.cloud).toMatchObject({ preset: 'custom', graphUrl: 'https://graph.evil.example/v1.0' });
    expect(state.profiles.map((p) => p.authState)).toEqual(['reconnect_required', 'reconnect_required']);
    expect(state.syncs[0]).toMatchObject({
      status: 'error',
      errorCode: 'reconnect_required',
      action: 'reconnect',
    });
    expect(state.syncs[0]!.errorMessage).toContain('signed out');
    expect(t.scheduler.cancelled).toContain(sync.id);
    expect(t.engine.removed).toContain(sync.id); // its deltaLink belongs to the old Graph origin
  });

  it('changes nothing when the user declines', async () => {
    const a = await connected('work');
    t.confirmer.answer = false;
    await expect(service.handlers['cloud:update']({ ...global1, clientId: 'client-2' })).rejects.toMatchObject({
      code: 'cancelled',
    });
    expect(t.auth.signedOut).toEqual([]);
    expect(service.getState().cloud.clientId).toBe('client-1');
    expect(service.getState().profiles.find((p) => p.id === a.id)!.authState).toBe('connected');
  });

  it('is refused, changing nothing, where nobody can be asked', async () => {
    await connected('work');
    delete t.deps.confirmer;
    await expect(service.handlers['cloud:update'](evil)).rejects.toMatchObject({ code: 'bad_input' });
    expect(service.getState().cloud).toEqual(global1);
    expect(t.auth.signedOut).toEqual([]);
  });

  it('asks before custom hosts even when nobody is signed in; a Microsoft cloud without sign-ins needs no question', async () => {
    t.confirmer.answer = false;
    await expect(service.handlers['cloud:update'](evil)).rejects.toMatchObject({ code: 'cancelled' });
    expect(service.getState().cloud).toEqual(global1);
    await service.handlers['cloud:update']({ ...global1, clientId: 'client-2', preset: 'usgov' });
    expect(t.confirmer.asked).toHaveLength(1);
    expect(service.getState().cloud).toMatchObject({ clientId: 'client-2', preset: 'usgov' });
  });

  it('saving the same endpoints again signs nobody out and asks nothing', async () => {
    await connected('work');
    await service.handlers['cloud:update']({ ...global1 });
    expect(t.confirmer.asked).toEqual([]);
    expect(t.auth.signedOut).toEqual([]);
    expect(service.getState().profiles[0]!.authState).toBe('connected');
  });

  it('refuses an authority that is not https', async () => {
    await expect(service.handlers['cloud:update']({ ...evil, authorityHost: 'http://login.evil.example' })).rejects.toMatchObject(
      { code: 'bad_input' },
    );
    expect(t.confirmer.asked).toEqual([]);
  });

  it('the CLI confirms only sign-outs: the user typed the hosts', async () => {
    await service.cloud.update(evil, { fromRenderer: false });
    expect(t.confirmer.asked).toEqual([]);
    await connected('work');
    expect(service.cloud.preview(global1)).toMatchObject({ endpointsChanged: true, signOut: ['work'] });
    await service.cloud.update(global1, { fromRenderer: false });
    expect(t.confirmer.asked).toHaveLength(1);
  });
});

describe('secrets:allowPlaintext', () => {
  it('needs the confirmation; declined, nothing changes; going back to encrypted asks nothing', async () => {
    t.confirmer.answer = false;
    await expect(service.handlers['secrets:allowPlaintext']({ allow: true })).rejects.toMatchObject({
      code: 'cancelled',
    });
    expect(t.store.data.allowPlaintextSecrets).toBe(false);
    t.confirmer.answer = true;
    await service.handlers['secrets:allowPlaintext']({ allow: true });
    expect(t.store.data.allowPlaintextSecrets).toBe(true);
    expect(t.confirmer.asked.map((q) => q.confirmLabel)).toEqual(['Store unencrypted', 'Store unencrypted']);
    await service.handlers['secrets:allowPlaintext']({ allow: false });
    expect(t.store.data.allowPlaintextSecrets).toBe(false);
    expect(t.confirmer.asked).toHaveLength(2);
  });
});
