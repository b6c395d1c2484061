import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { setupQuit, setupSingleInstance } from './lifecycle';

vi.mock('electron', () => ({}));

function fakeApp(lock = true) {
  const emitter = new EventEmitter();
  const app = Object.assign(emitter, {
    requestSingleInstanceLock: vi.fn(() => lock),
    quit: vi.fn(),
    exit: vi.fn(),
  });
  const beforeQuit = () => {
    const event = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    emitter.emit('before-quit', event);
    return event.defaultPrevented;
  };
  return { app: app as never as Parameters<typeof setupSingleInstance>[0] & EventEmitter, raw: app, beforeQuit };
}

describe('single instance', () => {
  it('a second launch quits at once and the first instance shows its window', () => {
    const second = fakeApp(false);
    expect(setupSingleInstance(second.app, vi.fn())).toBe(false);
    expect(second.raw.quit).toHaveBeenCalled();

    const first = fakeApp(true);
    const show = vi.fn();
    expect(setupSingleInstance(first.app, show)).toBe(true);
    first.raw.emit('second-instance', {}, ['onedrive-mirror'], '/');
    expect(show).toHaveBeenCalledOnce();
    expect(first.raw.quit).not.toHaveBeenCalled();
  });
});

describe('quit', () => {
  it('keeps running when the last window closes', () => {
    const { app, raw } = fakeApp();
    setupQuit(app, { shutdown: async () => {} });
    raw.emit('window-all-closed');
    expect(raw.quit).not.toHaveBeenCalled();
  });

  it('waits for the core to stop cleanly, then quits for real', async () => {
    const { app, raw, beforeQuit } = fakeApp();
    let finish!: () => void;
    const shutdown = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const life = setupQuit(app, { shutdown });
    expect(life.isQuitting()).toBe(false);

    expect(beforeQuit()).toBe(true);
    expect(life.isQuitting()).toBe(true);
    expect(beforeQuit()).toBe(true); // a second Quit while stopping does not stop twice
    expect(shutdown).toHaveBeenCalledOnce();
    expect(raw.quit).not.toHaveBeenCalled();

    finish();
    await vi.waitFor(() => expect(raw.quit).toHaveBeenCalledOnce());
    expect(beforeQuit()).toBe(false);
  });

  it('quits anyway when shutdown fails or hangs', async () => {
    const failing = fakeApp();
    const onError = vi.fn();
    setupQuit(failing.app, { shutdown: async () => Promise.reject(new Error('disk gone')), onError });
    failing.beforeQuit();
    await vi.waitFor(() => expect(failing.raw.quit).toHaveBeenCalled());
    expect(onError).toHaveBeenCalled();

    const hanging = fakeApp();
    setupQuit(hanging.app, { shutdown: () => new Promise(() => {}), timeoutMs: 20 });
    hanging.beforeQuit();
    await vi.waitFor(() => expect(hanging.raw.quit).toHaveBeenCalled());
  });
});
