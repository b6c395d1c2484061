// The Electron entry's wiring, with electron and the core mocked: what a user of the real app relies on.
import { tmpdir } from 'node:os';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { commandChannel, commandNames } from '../shared/ipc';
import { useTempDirs } from './core/testing/temp-dirs';

const temp = useTempDirs();

type Handler = (...args: unknown[]) => unknown;

const h = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events');
  const state = { lock: true, ready: null as null | (() => void) };
  const windows: FakeWindow[] = [];
  class FakeWindow extends EventEmitter {
    webContents = Object.assign(new EventEmitter(), {
      send: vi.fn(),
      isDestroyed: () => false,
      setWindowOpenHandler: vi.fn(),
    });
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
    }
    loadURL = vi.fn(async () => {});
    show = vi.fn();
    hide = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    isMinimized = () => false;
    isMaximized = () => false;
    getNormalBounds = () => ({ x: 10, y: 10, width: 900, height: 600 });
    isDestroyed = () => false;
  }
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    requestSingleInstanceLock: vi.fn(() => state.lock),
    quit: vi.fn(),
    exit: vi.fn(),
    setPath: vi.fn(),
    getPath: () => tmpdir(), // electron-store asks for userData even when given its folder
    getVersion: () => '1.2.3',
    setAppUserModelId: vi.fn(),
    whenReady: () => new Promise<void>((resolve) => (state.ready = resolve)),
    getLoginItemSettings: () => ({ openAtLogin: false, wasOpenedAtLogin: false }),
    setLoginItemSettings: vi.fn(),
  });
  const ipcHandlers = new Map<string, (...args: unknown[]) => unknown>();
  const session = {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
  };
  const trays: unknown[] = [];
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    ipcMain: {
      handle: (c: string, fn: (...args: unknown[]) => unknown) => ipcHandlers.set(c, fn),
      removeHandler: (c: string) => ipcHandlers.delete(c),
      on: vi.fn(), // electron-store's own data listener
    },
    session: { defaultSession: session },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    net: { isOnline: () => true },
    shell: { openExternal: vi.fn(), openPath: vi.fn(), trashItem: vi.fn() },
    dialog: { showErrorBox: vi.fn(), showOpenDialog: vi.fn(), showMessageBox: vi.fn(async () => ({ response: 0 })) },
    powerMonitor: { on: vi.fn(), off: vi.fn(), isOnBatteryPower: () => false },
    safeStorage: { isEncryptionAvailable: () => true, encryptString: vi.fn(), decryptString: vi.fn() },
    nativeTheme: { shouldUseDarkColors: false, shouldUseDarkColorsForSystemIntegratedUI: false, on: vi.fn(), off: vi.fn() },
    nativeImage: { createFromPath: (file: string) => ({ file }) },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: vi.fn() },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    Tray: class {
      constructor() {
        trays.push(this);
      }
      setImage() {}
      setToolTip() {}
      setContextMenu() {}
      on() {}
    },
    Notification: Object.assign(class {}, { isSupported: () => false }),
  };
  // electron-store (the shell's preferences) imports electron's default export.
  return { state, windows, app, ipcHandlers, session, trays, electron: { ...electron, default: electron } };
});

vi.mock('electron', () => h.electron);

const core = await vi.hoisted(async () => {
  const { TypedEmitter } = await import('./core/typed-emitter');
  return {
    events: new TypedEmitter<Record<string, unknown>>(),
    shutdown: vi.fn(async () => {}),
    start: vi.fn(),
    attachPower: vi.fn(),
    release: vi.fn(async () => {}),
    options: null as null | { confirmer?: { confirm(q: object): Promise<boolean> } },
  };
});

vi.mock('./core/compose', async () => {
  const { commandNames: names } = await import('../shared/ipc');
  const { defaultCloud, defaultSettings } = await import('./core/store/schema');
  const state = {
    version: '1.2.3',
    cloud: defaultCloud,
    settings: defaultSettings,
    profiles: [],
    syncs: [],
    pausedUntil: null,
    powerPause: null,
    configured: false,
    builtInRegistration: false,
    secretStorage: 'encrypted',
    notices: [],
  };
  return {
    createCore: async (options: typeof core.options) => {
      core.options = options;
      return {
        service: {
          // Replies are checked against the contract in development: getState answers a real snapshot.
          handlers: {
            ...Object.fromEntries(names.map((n) => [n, async (input: unknown) => ({ n, input })])),
            'app:getState': async () => state,
          },
          getState: () => state,
          on: core.events.on.bind(core.events),
          start: core.start,
          attachPower: core.attachPower,
        },
        store: {},
        shutdown: core.shutdown,
      };
    },
  };
});
vi.mock('./core/store/data-dir-lock', () => ({ acquireDataDirLock: async () => ({ release: core.release }) }));

async function boot(lock = true) {
  vi.resetModules();
  h.state.lock = lock;
  h.state.ready = null;
  h.windows.length = 0;
  h.ipcHandlers.clear();
  process.env.ONEDRIVE_MIRROR_DATA_DIR = temp.makeSync('main-index-');
  await import('./index');
  if (!lock) return null;
  h.state.ready!();
  await vi.waitFor(() => expect(core.start).toHaveBeenCalled());
  return h.windows[0]!;
}

const top = (url: string) => {
  const frame = { url, parent: null, top: null as unknown };
  frame.top = frame;
  return frame;
};

beforeEach(() => {
  vi.clearAllMocks();
});

describe('main/index.ts', () => {
  it('gives the core a confirmer that asks in a native message box, not in the page', async () => {
    await boot();
    const answer = await core.options!.confirmer!.confirm({ title: 'T', message: 'M', detail: 'D', confirmLabel: 'Yes' });
    expect(answer).toBe(false);
    expect(h.electron.dialog.showMessageBox).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ title: 'T', buttons: ['Cancel', 'Yes'] }),
    );
  });

  it('feeds the power policy from powerMonitor (battery, metered unknown) before the core starts', async () => {
    await boot();
    expect(core.attachPower).toHaveBeenCalledOnce();
    const source = core.attachPower.mock.calls[0]![0] as { read(): object };
    expect(source.read()).toEqual({ onBattery: false, batteryPercent: null, metered: null });
    expect(h.electron.powerMonitor.on).toHaveBeenCalledWith('on-battery', expect.any(Function));
    expect(core.attachPower.mock.invocationCallOrder[0]).toBeLessThan(core.start.mock.invocationCallOrder.at(-1)!);
  });

  it('a second instance quits without starting anything', async () => {
    await boot(false);
    expect(h.app.quit).toHaveBeenCalled();
    expect(h.state.ready).toBeNull();
    expect(h.windows).toHaveLength(0);
  });

  it('registers app:// before ready and serves it after', async () => {
    await boot();
    expect(h.electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalled();
    expect(h.electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });

  it('opens one locked-down window on app://bundle/index.html with the bundled preload', async () => {
    const win = (await boot())!;
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
    });
    expect(String((win.options.webPreferences as { preload: string }).preload)).toMatch(/preload[\\/]index\.cjs$/);
    expect(win.loadURL).toHaveBeenCalledWith('app://bundle/index.html');
    expect(win.webContents.setWindowOpenHandler).toHaveBeenCalled();
  });

  it('denies every permission request', async () => {
    await boot();
    const request = h.session.setPermissionRequestHandler.mock.calls[0]![0] as Handler;
    const callback = vi.fn();
    request({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect((h.session.setPermissionCheckHandler.mock.calls[0]![0] as Handler)()).toBe(false);
  });

  it('routes every command for our own page only', async () => {
    await boot();
    expect([...h.ipcHandlers.keys()].sort()).toEqual(commandNames.map(commandChannel).sort());
    const getState = h.ipcHandlers.get(commandChannel('app:getState'))!;
    expect(await getState({ senderFrame: top('app://bundle/index.html') }, {})).toMatchObject({ ok: true });
    expect(await getState({ senderFrame: top('https://evil.example/') }, {})).toMatchObject({
      ok: false,
      error: { code: 'access_denied' },
    });
  });

  it('forwards service events to the window and creates the tray', async () => {
    const win = (await boot())!;
    core.events.emit('navigate', { view: 'settings', id: null });
    expect(win.webContents.send).toHaveBeenCalledWith('evt:navigate', { view: 'settings', id: null });
    expect(h.trays.length).toBeGreaterThan(0);
  });

  it('a second launch brings the window forward; closing hides it; Quit stops the core first', async () => {
    const win = (await boot())!;
    h.app.emit('second-instance');
    expect(win.show).toHaveBeenCalled();

    const close = { preventDefault: vi.fn() };
    win.emit('close', close);
    expect(close.preventDefault).toHaveBeenCalled();
    expect(win.hide).toHaveBeenCalled();

    const quit = { preventDefault: vi.fn() };
    h.app.emit('before-quit', quit);
    expect(quit.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(h.app.quit).toHaveBeenCalled());
    expect(core.shutdown).toHaveBeenCalled();
    expect(core.release).toHaveBeenCalled();
  });
});
