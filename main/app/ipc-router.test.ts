import { describe, expect, it, vi } from 'vitest';
import { type CommandHandlers, commandChannel, commandNames, eventChannel, eventNames } from '../../shared/ipc';
import type { ProfileView } from '../../shared/model';
import { AppError } from '../core/errors';
import { silentLogger } from '../core/ports';
import { TypedEmitter } from '../core/typed-emitter';
import { createSenderCheck, forwardEvents, type IpcMainLike, registerIpcRouter, type SenderFrame } from './ipc-router';

vi.mock('electron', () => {
  throw new Error('the router must not import electron at runtime');
});

type Listener = Parameters<IpcMainLike['handle']>[1];

function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => void handlers.delete(channel),
  };
  return { ipcMain, handlers };
}

function topFrame(url: string): SenderFrame {
  return { url, parent: null };
}

function subFrame(url: string, parent: SenderFrame): SenderFrame {
  return { url, parent };
}

/** Handlers that echo their command name and input, so routing is observable. */
function echoHandlers(): CommandHandlers {
  return Object.fromEntries(commandNames.map((name) => [name, async (input: unknown) => ({ name, input })])) as never;
}

const ourPage = topFrame('app://bundle/index.html');
const isTrustedSender = createSenderCheck(['app://bundle']);

/** A valid input for each command (what a well-behaved renderer sends). */
const validInputs: Record<string, unknown> = {
  'app:dismissNotice': { id: 'n1' },
  'settings:update': { notifications: false },
  'cloud:update': {
    clientId: '00000000-0000-0000-0000-00000000000c',
    preset: 'global',
    tenant: 'common',
    authorityHost: null,
    graphUrl: null,
  },
  'secrets:allowPlaintext': { allow: true },
  'profile:add': { name: 'Work' },
  'profile:rename': { id: 'p1', name: 'Home' },
  'browse:list': { profileId: 'p1', itemId: null },
  'browse:sources': { profileId: 'p1', request: { kind: 'shared' } },
  'sync:add': { profileId: 'p1', driveId: 'd', itemId: 'i', localPath: '/home/me/x' },
  'sync:update': { id: 's1', intervalMinutes: 5 },
  'sync:remove': { id: 's1', deleteLocalFiles: false },
  'syncs:pauseAll': { minutes: 60 },
  'syncs:syncAnyway': {},
  'activity:list': { before: null, limit: 50, kinds: null, syncId: null },
  'dialog:chooseDirectory': { defaultPath: null },
};
const inputFor = (name: string) => validInputs[name] ?? (name.endsWith('All') || name.startsWith('app:') ? {} : { id: 'x1' });

describe('registerIpcRouter', () => {
  it('registers every contract command on its channel and nothing else', () => {
    const { ipcMain, handlers } = fakeIpcMain();
    registerIpcRouter({ ipcMain, handlers: echoHandlers(), isTrustedSender });
    expect([...handlers.keys()].sort()).toEqual(commandNames.map(commandChannel).sort());
  });

  it.each(commandNames)('routes %s with parsed input to its handler and wraps the value', async (name) => {
    const { ipcMain, handlers } = fakeIpcMain();
    registerIpcRouter({ ipcMain, handlers: echoHandlers(), isTrustedSender });
    const input = inputFor(name);
    const result = await handlers.get(commandChannel(name))!({ senderFrame: ourPage }, input);
    expect(result).toEqual({ ok: true, value: { name, input } });
  });

  it('answers bad input with bad_input and never calls the handler', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const add = vi.fn();
    registerIpcRouter({ ipcMain, handlers: { ...echoHandlers(), 'profile:add': add }, isTrustedSender });
    for (const bad of [undefined, null, 'Work', { name: '' }, { name: 'ok', extra: 1 }, { name: 'x'.repeat(81) }]) {
      const result = await handlers.get(commandChannel('profile:add'))!({ senderFrame: ourPage }, bad);
      expect(result).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    }
    expect(add).not.toHaveBeenCalled();
  });

  it('turns handler errors into values: AppError keeps its code, anything else is internal', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    registerIpcRouter({
      ipcMain,
      handlers: {
        ...echoHandlers(),
        'sync:now': async () => {
          throw new AppError('reconnect_required');
        },
        'sync:pause': async () => {
          throw new TypeError('boom');
        },
        'sync:resume': () => Promise.reject('a string'),
      },
      isTrustedSender,
    });
    const call = (name: 'sync:now' | 'sync:pause' | 'sync:resume') =>
      handlers.get(commandChannel(name))!({ senderFrame: ourPage }, { id: 's1' });
    await expect(call('sync:now')).resolves.toMatchObject({ ok: false, error: { code: 'reconnect_required' } });
    await expect(call('sync:pause')).resolves.toEqual({ ok: false, error: { code: 'internal', message: 'boom' } });
    await expect(call('sync:resume')).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it.each([
    ['another origin', topFrame('https://evil.example/index.html')],
    ['a file:// page', topFrame('file:///tmp/index.html')],
    ['a subframe of our page', subFrame('app://bundle/frame.html', ourPage)],
    ['our origin framed by a foreign page', subFrame('app://bundle/index.html', topFrame('https://evil.example/'))],
    ['a destroyed frame', null],
  ])('refuses %s without calling the handler', async (_label, frame) => {
    const { ipcMain, handlers } = fakeIpcMain();
    const getState = vi.fn();
    registerIpcRouter({ ipcMain, handlers: { ...echoHandlers(), 'app:getState': getState }, isTrustedSender });
    const result = await handlers.get(commandChannel('app:getState'))!({ senderFrame: frame }, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'access_denied' } });
    expect(getState).not.toHaveBeenCalled();
  });

  it('checks replies when asked: a field the contract does not name becomes an internal error and a log', async () => {
    const view: ProfileView = {
      id: 'p1',
      name: 'Work',
      authState: 'signed_out',
      account: null,
      drive: null,
      signingIn: false,
      live: false,
    };
    const leaky = { ...echoHandlers(), 'profile:add': async () => ({ ...view, refreshToken: 'secret' }) } as CommandHandlers;
    const call = (h: ReturnType<typeof fakeIpcMain>['handlers']) =>
      h.get(commandChannel('profile:add'))!({ senderFrame: ourPage }, { name: 'Work' });

    const logged: unknown[] = [];
    const logger = { ...silentLogger, error: (msg: string, fields?: unknown) => void logged.push({ msg, fields }) };
    const checked = fakeIpcMain();
    registerIpcRouter({ ipcMain: checked.ipcMain, handlers: leaky, isTrustedSender, logger, checkReplies: true });
    const result = await call(checked.handlers);
    expect(result).toEqual({
      ok: false,
      error: { code: 'internal', message: 'profile:add: the reply has fields the contract does not name: refreshToken' },
    });
    expect(JSON.stringify(result)).not.toContain('secret');
    expect(logged).toEqual([
      { msg: 'IPC reply breaks the contract', fields: expect.objectContaining({ command: 'profile:add' }) },
    ]);

    const honest = fakeIpcMain();
    const handlers = { ...leaky, 'profile:add': async () => view };
    registerIpcRouter({ ipcMain: honest.ipcMain, handlers, isTrustedSender, checkReplies: true });
    expect(await call(honest.handlers)).toEqual({ ok: true, value: view });

    // Packaged builds skip the check: the reply goes out as the handler made it.
    const unchecked = fakeIpcMain();
    registerIpcRouter({ ipcMain: unchecked.ipcMain, handlers: leaky, isTrustedSender });
    expect(await call(unchecked.handlers)).toMatchObject({ ok: true });
  });

  it('returns a disposer that unregisters every channel', () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const dispose = registerIpcRouter({ ipcMain, handlers: echoHandlers(), isTrustedSender });
    dispose();
    expect(handlers.size).toBe(0);
  });
});

describe('createSenderCheck', () => {
  it('trusts the dev server origin only when it is listed', () => {
    const dev = topFrame('http://127.0.0.1:5173/');
    expect(createSenderCheck(['app://bundle'])(dev)).toBe(false);
    expect(createSenderCheck(['app://bundle', 'http://127.0.0.1:5173'])(dev)).toBe(true);
    expect(createSenderCheck(['app://bundle', 'http://127.0.0.1:5173'])(topFrame('http://127.0.0.1:5174/'))).toBe(false);
  });

  it('does not trust pages without an origin', () => {
    expect(isTrustedSender(topFrame('about:blank'))).toBe(false);
    expect(isTrustedSender(topFrame('not a url'))).toBe(false);
  });
});

describe('forwardEvents', () => {
  it('sends every contract event on its channel and stops after dispose', () => {
    const emitter = new TypedEmitter<Record<string, unknown>>();
    const sent: [string, unknown][] = [];
    const stop = forwardEvents(emitter as never, (channel, payload) => sent.push([channel, payload]));
    for (const name of eventNames) emitter.emit(name, { name });
    stop();
    emitter.emit('state', { late: true });
    expect(sent).toEqual(eventNames.map((name) => [eventChannel(name), { name }]));
  });
});
