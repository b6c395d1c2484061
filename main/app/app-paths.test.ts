import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { resolveAppPaths } from './app-paths';

vi.mock('electron', () => ({}));

describe('resolveAppPaths', () => {
  it('from a checkout: out/ bundles and build/ icons; the dev server only when asked', () => {
    const p = resolveAppPaths({ mainDir: '/src/out/main', isPackaged: false, resourcesPath: '/x', env: {} });
    expect(p.preload).toBe(path.join('/src/out/preload/index.cjs'));
    expect(p.renderer).toBe(path.join('/src/out/renderer'));
    expect(p.trayIcons).toBe(path.join('/src/build/tray'));
    expect(p.rendererUrl).toBe('app://bundle/index.html');
    expect(p.trustedOrigins).toEqual(['app://bundle']);
    const dev = resolveAppPaths({
      mainDir: '/src/out/main',
      isPackaged: false,
      resourcesPath: '/x',
      env: { ONEDRIVE_MIRROR_DEV_SERVER_URL: 'http://127.0.0.1:5173/' },
    });
    expect(dev.rendererUrl).toBe('http://127.0.0.1:5173/');
    expect(dev.trustedOrigins).toEqual(['app://bundle', 'http://127.0.0.1:5173/']);
  });

  it('packaged: icons from resources, and never a dev server URL', () => {
    const p = resolveAppPaths({
      mainDir: '/opt/app/resources/app.asar/out/main',
      isPackaged: true,
      resourcesPath: '/opt/app/resources',
      env: { ONEDRIVE_MIRROR_DEV_SERVER_URL: 'http://evil.example/' },
    });
    expect(p.trayIcons).toBe(path.join('/opt/app/resources/tray'));
    expect(p.appIcon).toBe(path.join('/opt/app/resources/icon.png'));
    expect(p.rendererUrl).toBe('app://bundle/index.html');
    expect(p.trustedOrigins).toEqual(['app://bundle']);
  });
});
