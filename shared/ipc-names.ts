/**
 * The contract's command and event names and wire channels, without the schemas. The preload builds
 * `window.api` from these alone, so the sandboxed preload bundle carries no zod; shared/ipc.ts checks at
 * compile time that these lists name exactly its commands and events.
 */
export const commandNames = [
  'app:getState',
  'app:openLogs',
  'app:dismissNotice',
  'settings:update',
  'cloud:update',
  'secrets:allowPlaintext',
  'profile:add',
  'profile:rename',
  'profile:remove',
  'profile:connect',
  'profile:cancelConnect',
  'profile:signOut',
  'profile:grantSites',
  'browse:list',
  'browse:sources',
  'sync:add',
  'sync:update',
  'sync:pause',
  'sync:resume',
  'sync:remove',
  'sync:now',
  'sync:pendingDeletes',
  'sync:confirmDeletes',
  'sync:keepFiles',
  'sync:openLocal',
  'sync:resetSize',
  'sync:reset',
  'sync:preview',
  'syncs:pauseAll',
  'syncs:resumeAll',
  'syncs:syncAnyway',
  'activity:list',
  'dialog:chooseDirectory',
] as const;

export const eventNames = ['state', 'notification', 'navigate'] as const;

export type CommandName = (typeof commandNames)[number];
export type EventName = (typeof eventNames)[number];

/** Channel names on the wire: one namespace so nothing else collides. */
export const commandChannel = (name: CommandName) => `cmd:${name}`;
export const eventChannel = (name: EventName) => `evt:${name}`;
