import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { type CommandHandlers, commandNames } from '../../shared/ipc';
import type { AppState } from '../../shared/model';
import { silentLogger } from '../core/ports';
import { defaultCloud, defaultSettings } from '../core/store/schema';
import { TypedEmitter } from '../core/typed-emitter';
import type { TrayAction } from './tray-menu';

const electron = vi.hoisted(() => {
  const trays: FakeTray[] = [];
  class FakeTray {
    image: unknown;
    tooltip = '';
    menu: unknown = null;
    menus = 0;
    handlers = new Map<string, () => void>();
    destroyed = false;
    constructor(image: unknown) {
      this.image = image;
      trays.push(this);
    }
    setImage(image: unknown) {
      this.image = image;
    }
    setToolTip(text: string) {
      this.tooltip = text;
    }
    setContextMenu(menu: unknown) {
      this.menu = menu;
      this.menus += 1;
    }
    on(name: string, fn: () => void) {
      this.handlers.set(name, fn);
    }
    destroy() {
      this.destroyed = true;
    }
  }
  return {
    trays,
    Tray: FakeTray,
    Menu: { buildFromTemplate: (template: unknown) => ({ template }) },
    nativeImage: { createFromPath: (file: string) => ({ file }) },
    nativeTheme: { shouldUseDarkColors: true, shouldUseDarkColorsForSystemIntegratedUI: false, on: vi.fn(), off: vi.fn() },
  };
});
vi.mock('electron', () => electron);

const { createAppTray, runTrayAction, toMenuTemplate, trayIconFile } = await import('./tray');

const state = (over: Partial<AppState> = {}): AppState => ({
  version: '1',
  configured: true,
  builtInRegistration: false,
  cloud: defaultCloud,
  settings: defaultSettings,
  profiles: [],
  syncs: [],
  pausedUntil: null,
  powerPause: null,
  secretStorage: 'encrypted',
  notices: [],
  ...over,
});

function recordingHandlers() {
  const calls: [string, unknown][] = [];
  const handlers = Object.fromEntries(
    commandNames.map((name) => [name, async (input: unknown) => void calls.push([name, input])]),
  ) as unknown as CommandHandlers;
  return { handlers, calls };
}

describe('trayIconFile', () => {
  it('uses template images on macOS and light/dark glyphs elsewhere', () => {
    expect(trayIconFile('/i', 'syncing', 'darwin', true)).toBe(path.join('/i', 'syncingTemplate.png'));
    expect(trayIconFile('/i', 'paused', 'win32', false)).toBe(path.join('/i', 'paused-light.png'));
    expect(trayIconFile('/i', 'attention', 'win32', true)).toBe(path.join('/i', 'attention-dark.png'));
    expect(trayIconFile('/i', 'idle', 'linux', true)).toBe(path.join('/i', 'idle-dark-32.png'));
  });
});

describe('toMenuTemplate', () => {
  it('binds each action (also in submenus) to a click and keeps the rest as is', () => {
    const run = vi.fn();
    const template = toMenuTemplate(
      [
        { label: 'Up to date', enabled: false },
        {
          label: 'Pause syncing',
          type: 'submenu',
          submenu: [{ label: 'For 1 hour', action: { type: 'pauseAll', minutes: 60 } }],
        },
      ],
      run,
    );
    expect(template[0]).toEqual({ label: 'Up to date', enabled: false });
    (template[1]!.submenu as { click(): void }[])[0]!.click();
    expect(run).toHaveBeenCalledWith({ type: 'pauseAll', minutes: 60 });
  });
});

describe('runTrayAction', () => {
  it.each<[TrayAction, [string, unknown][]]>([
    [
      { type: 'syncNow', ids: ['a', 'b'] },
      [
        ['sync:now', { id: 'a' }],
        ['sync:now', { id: 'b' }],
      ],
    ],
    [{ type: 'pauseAll', minutes: 480 }, [['syncs:pauseAll', { minutes: 480 }]]],
    [{ type: 'pauseAll', minutes: null }, [['syncs:pauseAll', { minutes: null }]]],
    [{ type: 'resumeAll' }, [['syncs:resumeAll', {}]]],
    [{ type: 'syncAnyway' }, [['syncs:syncAnyway', {}]]],
    [{ type: 'toggleSync', id: 's1', active: false }, [['sync:pause', { id: 's1' }]]],
    [{ type: 'toggleSync', id: 's1', active: true }, [['sync:resume', { id: 's1' }]]],
    [{ type: 'reconnect', profileId: 'p1' }, [['profile:connect', { id: 'p1' }]]],
    [{ type: 'openFolder', id: 's1' }, [['sync:openLocal', { id: 's1' }]]],
  ])('%j calls the matching service commands', async (action, expected) => {
    const { handlers, calls } = recordingHandlers();
    await runTrayAction(action, { handlers, showWindow: vi.fn(), navigate: vi.fn(), quit: vi.fn(), logger: silentLogger });
    expect(calls).toEqual(expected);
  });

  it('shows the window on the account for Reconnect, and handles Show and Quit', async () => {
    const { handlers } = recordingHandlers();
    const deps = { handlers, showWindow: vi.fn(), navigate: vi.fn(), quit: vi.fn(), logger: silentLogger };
    await runTrayAction({ type: 'reconnect', profileId: 'p1' }, deps);
    expect(deps.navigate).toHaveBeenCalledWith({ view: 'accounts', id: 'p1' });
    await runTrayAction({ type: 'show' }, deps);
    expect(deps.showWindow).toHaveBeenCalled();
    await runTrayAction({ type: 'quit' }, deps);
    expect(deps.quit).toHaveBeenCalled();
  });

  it('logs a failing command instead of throwing', async () => {
    const { handlers } = recordingHandlers();
    handlers['sync:now'] = async () => {
      throw new Error('offline');
    };
    const logger = { ...silentLogger, warn: vi.fn() };
    await runTrayAction(
      { type: 'syncNow', ids: ['a'] },
      { handlers, showWindow: vi.fn(), navigate: vi.fn(), quit: vi.fn(), logger },
    );
    expect(logger.warn).toHaveBeenCalled();
  });
});

describe('createAppTray', () => {
  it('draws icon, tooltip and menu from the state and redraws when it changes', async () => {
    const events = new TypedEmitter<{ state: AppState }>();
    let current = state();
    const showWindow = vi.fn();
    const { handlers } = recordingHandlers();
    const app = createAppTray({
      iconDir: '/icons',
      platform: 'linux',
      getState: () => current,
      onState: (l) => events.on('state', l),
      handlers,
      showWindow,
      navigate: vi.fn(),
      quit: vi.fn(),
      logger: silentLogger,
      minIntervalMs: 0,
    });
    const tray = electron.trays.at(-1)!;
    expect(tray.image).toEqual({ file: path.join('/icons', 'idle-dark-32.png') });
    expect(tray.tooltip).toBe('OneDrive Mirror: No syncs yet');
    expect(tray.menus).toBe(1);

    current = state({ pausedUntil: 'forever' });
    events.emit('state', current);
    await vi.waitFor(() => expect(tray.tooltip).toBe('OneDrive Mirror: Syncing is paused'));
    expect(tray.image).toEqual({ file: path.join('/icons', 'paused-dark-32.png') });
    expect(tray.menus).toBe(2);

    tray.handlers.get('click')!();
    expect(showWindow).toHaveBeenCalled();
    app.destroy();
    expect(tray.destroyed).toBe(true);
  });

  it('turns "Paused until" back into the normal menu when the pause ends', async () => {
    vi.useFakeTimers();
    try {
      const start = Date.parse('2026-01-10T12:00:00Z');
      vi.setSystemTime(start);
      const current = state({ syncs: [], pausedUntil: '2026-01-10T13:00:00Z' });
      const { handlers } = recordingHandlers();
      const app = createAppTray({
        iconDir: '/icons',
        platform: 'darwin',
        getState: () => current,
        onState: () => () => {},
        handlers,
        showWindow: vi.fn(),
        navigate: vi.fn(),
        quit: vi.fn(),
        logger: silentLogger,
        minIntervalMs: 0,
      });
      const tray = electron.trays.at(-1)!;
      expect(tray.image).toEqual({ file: path.join('/icons', 'pausedTemplate.png') });
      await vi.advanceTimersByTimeAsync(60 * 60 * 1000 + 1000);
      expect(tray.image).toEqual({ file: path.join('/icons', 'idleTemplate.png') });
      expect(tray.tooltip).toBe('OneDrive Mirror: No syncs yet');
      app.destroy();
    } finally {
      vi.useRealTimers();
    }
  });
});
