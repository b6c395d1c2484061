import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { useTempDirs } from '../core/testing/temp-dirs';

const temp = useTempDirs();

// No app, no ipcMain: what electron-store sees outside Electron's main process. It must still work, because we
// give it an absolute cwd and never let it ask app.getPath('userData').
vi.mock('electron', () => ({ default: {} }));

const { fitBounds, openPreferences } = await import('./preferences');

const dataDir = () => temp.makeSync('prefs-');

describe('shell preferences (electron-store)', () => {
  it('keeps window bounds in preferences.json in the data dir, across restarts', () => {
    const dir = dataDir();
    const prefs = openPreferences({ dataDir: dir });
    expect(prefs.windowBounds()).toBeNull();
    prefs.saveWindowBounds({ x: 10, y: 20, width: 900, height: 700, maximized: true });
    expect(openPreferences({ dataDir: dir }).windowBounds()).toEqual({
      x: 10,
      y: 20,
      width: 900,
      height: 700,
      maximized: true,
    });
    expect(JSON.parse(readFileSync(path.join(dir, 'preferences.json'), 'utf8'))).toMatchObject({
      window: { width: 900 },
    });
    expect(existsSync(path.join(dir, 'db.json'))).toBe(false);
  });

  it('gives a hint once, also across restarts', () => {
    const dir = dataDir();
    const first = openPreferences({ dataDir: dir });
    expect(first.takeHint('closed-to-tray')).toBe(true);
    expect(first.takeHint('closed-to-tray')).toBe(false);
    expect(openPreferences({ dataDir: dir }).takeHint('closed-to-tray')).toBe(false);
    expect(openPreferences({ dataDir: dir }).takeHint('another')).toBe(true);
  });

  it('folds the hint files of earlier versions in, then removes them', () => {
    const dir = dataDir();
    mkdirSync(path.join(dir, 'hints'));
    writeFileSync(path.join(dir, 'hints', 'closed-to-tray'), '2026-01-01T00:00:00.000Z');
    expect(openPreferences({ dataDir: dir }).takeHint('closed-to-tray')).toBe(false);
    expect(existsSync(path.join(dir, 'hints'))).toBe(false);
    expect(openPreferences({ dataDir: dir }).takeHint('closed-to-tray')).toBe(false);
  });

  it('sets an unreadable file aside (never overwrites it) and starts afresh; ignores bounds of the wrong shape', () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, 'preferences.json'), '{ not json');
    const recovered: string[] = [];
    const prefs = openPreferences({ dataDir: dir, onRecovered: (movedTo) => recovered.push(movedTo) });
    expect(recovered).toHaveLength(1);
    expect(readFileSync(recovered[0]!, 'utf8')).toBe('{ not json');
    expect(prefs.windowBounds()).toBeNull();
    writeFileSync(path.join(dir, 'preferences.json'), JSON.stringify({ window: { x: 'left' }, hintsShown: [] }));
    expect(openPreferences({ dataDir: dir }).windowBounds()).toBeNull();
  });
});

describe('fitBounds', () => {
  const min = { width: 720, height: 480 };
  const screen = [{ x: 0, y: 0, width: 1920, height: 1040 }];
  it('keeps bounds whose title bar is on a display today, at least the minimum size', () => {
    expect(fitBounds({ x: 100, y: 50, width: 600, height: 900, maximized: false }, screen, min)).toEqual({
      x: 100,
      y: 50,
      width: 720,
      height: 900,
      maximized: false,
    });
  });
  it('drops bounds on a display that is gone, and nothing saved stays nothing', () => {
    expect(fitBounds({ x: 2000, y: 50, width: 800, height: 600, maximized: false }, screen, min)).toBeNull();
    expect(fitBounds(null, screen, min)).toBeNull();
  });
});
