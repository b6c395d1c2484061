/**
 * Every command of the real SyncService (over the service fakes) answers through the checked dispatcher with a
 * reply that names no field outside the contract: what the Electron router and the e2e bridge check at runtime
 * in development, proved here for each handler.
 */
import path from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import { type CommandName, commandNames } from '../../../shared/ipc';
import { systemClock } from '../ports';
import { SyncService } from './service';
import { fakeDeps } from '../testing/service-fakes';
import { dispatchCommand } from './dispatch';
import { useTempDirs } from '../testing/temp-dirs';

const temp = useTempDirs();

let tmp: string;
let service: SyncService;
const called = new Set<CommandName>();

async function call(name: CommandName, input: unknown): Promise<unknown> {
  called.add(name);
  const result = await dispatchCommand(service.handlers, name, input, undefined, { checkReply: true });
  // Errors the handler meant (not_found, bad_input...) are fine here; a contract breach is `internal`.
  if (!result.ok) expect(result.error.code, `${name}: ${result.error.message}`).not.toBe('internal');
  return result.ok ? result.value : null;
}

beforeEach(async () => {
  tmp = await temp.make('odm-replies-');
  const t = fakeDeps(path.join(tmp, 'data'), systemClock);
  t.store.update((db) => void (db.cloud.clientId = 'client-1'));
  service = new SyncService(t.deps);
  service.start();
});

it('every handler of the service replies within its output schema', async () => {
  await call('app:getState', {});
  await call('settings:update', { notifications: false });
  const p = (await call('profile:add', { name: 'Work' })) as { id: string };
  await call('profile:connect', { id: p.id });
  await call('profile:rename', { id: p.id, name: 'Home' });
  await call('browse:list', { profileId: p.id, itemId: null });
  await call('browse:sources', { profileId: p.id, request: { kind: 'mine', itemId: null } });
  await call('profile:grantSites', { id: p.id });
  const s = (await call('sync:add', {
    profileId: p.id,
    driveId: 'drive1',
    itemId: 'docs',
    localPath: path.join(tmp, 'mirror'),
  })) as {
    id: string;
  };
  await call('sync:update', {
    id: s.id,
    intervalMinutes: 5,
    exclusions: { folders: [], patterns: ['*.tmp'], maxFileSize: null },
  });
  expect(await call('sync:preview', { id: s.id })).toMatchObject({ downloads: 2 });
  expect(
    await call('sync:preview', {
      profileId: p.id,
      driveId: 'drive1',
      itemId: 'docs',
      localPath: path.join(tmp, 'new'),
    }),
  ).toMatchObject({ downloads: 2 });
  await call('sync:pause', { id: s.id });
  await call('sync:resume', { id: s.id });
  await call('sync:now', { id: s.id });
  await call('sync:pendingDeletes', { id: s.id });
  await call('sync:confirmDeletes', { id: s.id });
  await call('sync:keepFiles', { id: s.id });
  await call('sync:openLocal', { id: s.id });
  await call('sync:resetSize', { id: s.id });
  await call('sync:reset', { id: s.id });
  await call('syncs:pauseAll', { minutes: 60 });
  await call('syncs:resumeAll', {});
  await call('syncs:syncAnyway', {});
  await call('activity:list', { before: null, limit: 50, kinds: null, syncId: null });
  await call('app:getState', {});
  await call('app:openLogs', {});
  await call('app:dismissNotice', { id: 'none' });
  await call('dialog:chooseDirectory', { defaultPath: null });
  await call('secrets:allowPlaintext', { allow: false });
  await call('cloud:update', {
    clientId: '00000000-0000-0000-0000-00000000c002',
    preset: 'global',
    tenant: 'common',
    authorityHost: null,
    graphUrl: null,
  });
  await call('profile:cancelConnect', { id: p.id });
  await call('profile:signOut', { id: p.id });
  await call('sync:remove', { id: s.id, deleteLocalFiles: false });
  await call('profile:remove', { id: p.id });
  expect(commandNames.filter((n) => !called.has(n))).toEqual([]);
});
