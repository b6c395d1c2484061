import { beforeEach, describe, expect, it, vi } from 'vitest';
import { commandChannel, commandNames, eventChannel, eventNames } from '../shared/ipc';

type Listener = (event: unknown, payload: unknown) => void;

const electron = vi.hoisted(() => {
  const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  return {
    exposed: new Map<string, unknown>(),
    listeners,
    ipcRenderer: {
      invoke: vi.fn(async (channel: string, arg: unknown) => ({ ok: true, value: { channel, arg } })),
      on: vi.fn((channel: string, fn: (event: unknown, payload: unknown) => void) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)!.add(fn);
      }),
      removeListener: vi.fn((channel: string, fn: (event: unknown, payload: unknown) => void) => {
        listeners.get(channel)?.delete(fn);
      }),
      send: vi.fn(),
    },
  };
});

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => electron.exposed.set(key, value) },
  ipcRenderer: electron.ipcRenderer,
}));

await import('./index');
const api = electron.exposed.get('api') as Record<string, (...args: unknown[]) => unknown>;

function emit(channel: string, payload: unknown) {
  for (const fn of electron.listeners.get(channel) ?? []) (fn as Listener)({ sender: 'ipc-event' }, payload);
}

describe('preload window.api', () => {
  beforeEach(() => electron.ipcRenderer.invoke.mockClear());

  it('exposes exactly one "api" object with one function per contract command plus on()', () => {
    expect([...electron.exposed.keys()]).toEqual(['api']);
    expect(Object.keys(api).sort()).toEqual([...commandNames, 'on'].sort());
    for (const name of commandNames) expect(typeof api[name]).toBe('function');
  });

  it('does not leak ipcRenderer or its methods', () => {
    expect(Object.values(api)).not.toContain(electron.ipcRenderer);
    expect(api).not.toHaveProperty('invoke');
    expect(api).not.toHaveProperty('send');
    expect(api).not.toHaveProperty('ipcRenderer');
  });

  it.each(commandNames)('routes %s to its command channel with ONE object argument', async (name) => {
    const input = { probe: name };
    const result = await api[name]!(input, 'extra', 'args');
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith(commandChannel(name), input);
    expect(result).toEqual({ ok: true, value: { channel: commandChannel(name), arg: input } });
  });

  it.each(eventNames)('delivers %s payloads without the IpcRendererEvent and unsubscribes', (event) => {
    const seen: unknown[][] = [];
    const off = api.on!(event, (...args: unknown[]) => seen.push(args)) as () => void;
    emit(eventChannel(event), { n: 1 });
    off();
    emit(eventChannel(event), { n: 2 });
    expect(seen).toEqual([[{ n: 1 }]]);
  });

  it('refuses unknown events and non-function listeners', () => {
    expect(() => api.on!('nope', () => {})).toThrow(/Unknown event/);
    expect(() => api.on!('state', 'not a function')).toThrow(/function/);
  });
});
