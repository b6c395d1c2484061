/**
 * The shell's own preferences, kept by electron-store in `<data dir>/preferences.json`: where the window was and
 * which one-time hints were shown. The CLI never needs them, so they stay out of db.json (lowdb, shared by the app
 * and the CLI). Nothing here is part of the IPC contract.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import Store from 'electron-store';

export interface WindowBounds {
  x: number;
  y: number;
  width: number;
  height: number;
  maximized: boolean;
}

interface Shape {
  window: WindowBounds | null;
  /** One-time hints already shown (e.g. 'closed-to-tray'). */
  hintsShown: string[];
}

export interface ShellPreferences {
  windowBounds(): WindowBounds | null;
  saveWindowBounds(bounds: WindowBounds): void;
  /** True the first time for `hint` only (then persisted); false ever after, also after a restart. */
  takeHint(hint: string): boolean;
}

export interface PreferencesOptions {
  dataDir: string;
  /** Told when the file was unreadable and was set aside (never silently overwritten). */
  onRecovered?: (movedTo: string, error: unknown) => void;
}

export function openPreferences({ dataDir, onRecovered }: PreferencesOptions): ShellPreferences {
  const store = openStore(dataDir, onRecovered);
  migrateHintFiles(dataDir, store);
  const safely = (write: () => void) => {
    try {
      write();
    } catch {
      // Not fatal: at worst the window opens at its default size or a hint shows again.
    }
  };
  return {
    windowBounds: () => validBounds(store.get('window')),
    saveWindowBounds: (bounds) => safely(() => store.set('window', bounds)),
    takeHint(hint) {
      const shown = store.get('hintsShown');
      if (shown.includes(hint)) return false;
      safely(() => store.set('hintsShown', [...shown, hint]));
      return true;
    },
  };
}

function openStore(dataDir: string, onRecovered: PreferencesOptions['onRecovered']): Store<Shape> {
  // cwd explicitly: electron-store would ask app.getPath('userData'), and the app keeps everything in its data dir.
  const open = () => new Store<Shape>({ cwd: dataDir, name: 'preferences', defaults: { window: null, hintsShown: [] } });
  try {
    return open();
  } catch (error) {
    const file = path.join(dataDir, 'preferences.json');
    // Only an unreadable file is set aside; any other failure is not the file's fault and must show as it is.
    if (!existsSync(file)) throw error;
    const movedTo = `${file}.unreadable-${Date.now()}`;
    renameSync(file, movedTo);
    onRecovered?.(movedTo, error);
    return open();
  }
}

/** Before electron-store, a shown hint was a file `hints/<name>`: fold those in once, then remove them. */
function migrateHintFiles(dataDir: string, store: Store<Shape>): void {
  const dir = path.join(dataDir, 'hints');
  if (!existsSync(dir)) return;
  const shown = new Set(store.get('hintsShown'));
  if (existsSync(path.join(dir, 'closed-to-tray'))) shown.add('closed-to-tray');
  store.set('hintsShown', [...shown]);
  rmSync(dir, { recursive: true, force: true });
}

/** Bounds as stored, or null when the file holds anything else (hand-edited, from another version). */
function validBounds(value: unknown): WindowBounds | null {
  if (!value || typeof value !== 'object') return null;
  const b = value as Record<string, unknown>;
  const ints = ['x', 'y', 'width', 'height'].every((k) => Number.isInteger(b[k]));
  if (!ints || typeof b.maximized !== 'boolean') return null;
  return {
    x: b.x as number,
    y: b.y as number,
    width: b.width as number,
    height: b.height as number,
    maximized: b.maximized,
  };
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Saved bounds if the window would still be reachable: its title bar's middle on one of today's displays (a
 * monitor may have been unplugged), at least the minimum size. Else null: the default size, centred.
 */
export function fitBounds(saved: WindowBounds | null, workAreas: readonly Rect[], min: { width: number; height: number }) {
  if (!saved) return null;
  const px = saved.x + saved.width / 2;
  const py = saved.y + 16;
  const visible = workAreas.some((a) => px >= a.x && px < a.x + a.width && py >= a.y && py < a.y + a.height);
  if (!visible) return null;
  return { ...saved, width: Math.max(saved.width, min.width), height: Math.max(saved.height, min.height) };
}
