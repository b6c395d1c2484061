import type { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events');
  const windows: FakeWindow[] = [];
  class FakeWindow {
    static windows = windows;
    events = new Map<string, (...args: unknown[]) => void>();
    webContents = Object.assign(new EventEmitter(), {
      setWindowOpenHandler: (h: unknown) => void (this.openHandler = h),
      send: vi.fn(),
      isDestroyed: () => false,
      closeDevTools: vi.fn(),
    });
    openHandler: unknown = null;
    show = vi.fn();
    hide = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    loadURL = vi.fn(async () => {});
    isMinimized = vi.fn(() => false);
    maximize = vi.fn();
    isMaximized = vi.fn(() => false);
    getNormalBounds = vi.fn(() => ({ x: 5, y: 6, width: 800, height: 600 }));
    isDestroyed = vi.fn(() => false);
    constructor(readonly options: Record<string, unknown>) {
      windows.push(this);
    }
    on(name: string, fn: (...args: unknown[]) => void) {
      this.events.set(name, fn);
    }
    once(name: string, fn: (...args: unknown[]) => void) {
      this.events.set(name, fn);
    }
  }
  return { BrowserWindow: FakeWindow, nativeTheme: { shouldUseDarkColors: false } };
});
vi.mock('electron', () => electron);

const { createMainWindow, sendEvent, showWindow } = await import('./window');
type Fake = InstanceType<typeof electron.BrowserWindow>;

let quitting = false;
const onHide = vi.fn();
const openExternal = vi.fn();

function create(startHidden = false, devTools = false) {
  const win = createMainWindow({
    preloadPath: '/app/out/preload/index.cjs',
    url: 'app://bundle/index.html',
    startHidden,
    isQuitting: () => quitting,
    onHide,
    isOwnUrl: (url) => url.startsWith('app://bundle/'),
    openExternal,
    devTools,
  }) as unknown as Fake;
  return win;
}

beforeEach(() => {
  quitting = false;
  onHide.mockClear();
});

describe('createMainWindow', () => {
  it('creates a locked-down window and loads the app:// page', () => {
    const win = create();
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      preload: '/app/out/preload/index.cjs',
    });
    expect(win.options.show).toBe(false);
    expect(win.loadURL).toHaveBeenCalledWith('app://bundle/index.html');
  });

  it('hardens the webContents: navigation blocked, window.open denied', () => {
    const win = create();
    const event = { url: 'https://evil.example/', preventDefault: vi.fn() };
    (win.webContents as unknown as EventEmitter).emit('will-navigate', event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect((win.openHandler as (d: { url: string }) => unknown)({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('packaged: no DevTools, their shortcuts swallowed, and closed again if anything opens them', () => {
    const win = create();
    expect(win.options.webPreferences).toMatchObject({ devTools: false });
    const press = (key: string, mods: Record<string, boolean> = {}) => {
      const event = { preventDefault: vi.fn() };
      const input = { type: 'keyDown', key, control: false, meta: false, alt: false, shift: false, ...mods };
      (win.webContents as unknown as EventEmitter).emit('before-input-event', event, input);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(press('F12')).toBe(true);
    expect(press('I', { control: true, shift: true })).toBe(true);
    expect(press('j', { meta: true, alt: true })).toBe(true);
    expect(press('c', { control: true })).toBe(false); // copy still works
    expect(press('i', { control: true })).toBe(false);
    (win.webContents as unknown as EventEmitter).emit('devtools-opened');
    expect(win.webContents.closeDevTools).toHaveBeenCalled();
  });

  it('development: DevTools on and their shortcuts left alone', () => {
    const win = create(false, true);
    expect(win.options.webPreferences).toMatchObject({ devTools: true });
    expect((win.webContents as unknown as EventEmitter).listenerCount('before-input-event')).toBe(0);
  });

  it('shows itself when ready, unless launched hidden at login', () => {
    const shown = create();
    shown.events.get('ready-to-show')!();
    expect(shown.show).toHaveBeenCalled();
    const hidden = create(true);
    hidden.events.get('ready-to-show')!();
    expect(hidden.show).not.toHaveBeenCalled();
  });

  it('hides to the tray on close (sync continues) and tells the shell', () => {
    const win = create();
    const event = { preventDefault: vi.fn() };
    win.events.get('close')!(event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(win.hide).toHaveBeenCalled();
    expect(onHide).toHaveBeenCalledOnce();
  });

  it('opens where it was last time (maximized again), and saves where it is on each close', () => {
    const saveBounds = vi.fn();
    const win = createMainWindow({
      preloadPath: '/app/out/preload/index.cjs',
      url: 'app://bundle/index.html',
      startHidden: false,
      isQuitting: () => quitting,
      isOwnUrl: () => true,
      openExternal,
      devTools: false,
      bounds: { x: 40, y: 30, width: 900, height: 650, maximized: true },
      saveBounds,
    }) as unknown as Fake;
    expect(win.options).toMatchObject({ x: 40, y: 30, width: 900, height: 650, minWidth: 720 });
    expect(win.maximize).toHaveBeenCalled();
    win.events.get('close')!({ preventDefault: vi.fn() });
    quitting = true;
    win.events.get('close')!({ preventDefault: vi.fn() });
    expect(saveBounds.mock.calls).toEqual([
      [{ x: 5, y: 6, width: 800, height: 600, maximized: false }],
      [{ x: 5, y: 6, width: 800, height: 600, maximized: false }],
    ]);
    expect(create().options).toMatchObject({ width: 1100, height: 760 });
  });

  it('really closes once the app is quitting', () => {
    const win = create();
    quitting = true;
    const event = { preventDefault: vi.fn() };
    win.events.get('close')!(event);
    expect(event.preventDefault).not.toHaveBeenCalled();
    expect(win.hide).not.toHaveBeenCalled();
  });
});

describe('showWindow and sendEvent', () => {
  it('restores a minimised window and focuses it', () => {
    const win = create();
    win.isMinimized.mockReturnValue(true);
    showWindow(win as never);
    expect(win.restore).toHaveBeenCalled();
    expect(win.show).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
  });

  it('sends contract events on their channel', () => {
    const win = create();
    sendEvent(win as never, 'navigate', { view: 'accounts', id: 'p1' });
    expect(win.webContents.send).toHaveBeenCalledWith('evt:navigate', { view: 'accounts', id: 'p1' });
  });
});
