import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { Session, WebContents } from 'electron';
import { defaultCloud } from '../core/store/schema';
import {
  APP_ORIGIN,
  authorityHosts,
  createExternalUrlPolicy,
  createOwnUrlCheck,
  denyAllPermissions,
  hardenWebContents,
  helpHosts,
  isAllowedExternalUrl,
  secureWebPreferences,
} from './security';

vi.mock('electron', () => ({}));

function fakeContents() {
  const emitter = new EventEmitter();
  let openHandler: ((d: { url: string }) => { action: string }) | null = null;
  const contents = Object.assign(emitter, {
    setWindowOpenHandler: (h: typeof openHandler) => void (openHandler = h),
  });
  const fire = (name: string, details: Record<string, unknown>) => {
    const event = {
      ...details,
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    emitter.emit(name, event, details.url);
    return event.defaultPrevented;
  };
  return { contents: contents as unknown as WebContents, fire, open: (url: string) => openHandler!({ url }) };
}

const allowed = [...helpHosts, 'login.microsoftonline.com'];

function harden() {
  const fake = fakeContents();
  const opened: string[] = [];
  hardenWebContents(fake.contents, {
    isOwnUrl: createOwnUrlCheck([APP_ORIGIN]),
    openExternal: (url) => {
      if (isAllowedExternalUrl(url, allowed)) opened.push(url);
    },
  });
  return { ...fake, opened };
}

describe('secureWebPreferences', () => {
  it('isolates the page: context isolation, sandbox, no Node, no webview, web security on, no DevTools', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.cjs');
    expect(secureWebPreferences('/p', true).devTools).toBe(true);
    expect(prefs).toMatchObject({
      devTools: false,
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
    });
  });
});

describe('hardenWebContents', () => {
  it('lets the page stay on its own app:// origin', () => {
    const { fire } = harden();
    expect(fire('will-navigate', { url: `${APP_ORIGIN}/index.html#/syncs` })).toBe(false);
  });

  it.each(['https://evil.example/', 'file:///etc/passwd', 'http://127.0.0.1:5173/', 'app://other/index.html'])(
    'blocks navigation to %s',
    (url) => {
      const { fire, opened } = harden();
      expect(fire('will-navigate', { url })).toBe(true);
      expect(fire('will-redirect', { url })).toBe(true);
      expect(opened).toEqual([]);
    },
  );

  it('opens an allow-listed https link in the browser instead of navigating', () => {
    const { fire, opened } = harden();
    expect(fire('will-navigate', { url: 'https://learn.microsoft.com/graph' })).toBe(true);
    expect(opened).toEqual(['https://learn.microsoft.com/graph']);
  });

  it('denies every window.open and opens only allow-listed https URLs externally', () => {
    const { open, opened } = harden();
    expect(open('https://entra.microsoft.com/#home')).toEqual({ action: 'deny' });
    expect(open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(open('http://learn.microsoft.com/')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://entra.microsoft.com/#home']);
  });

  it('refuses webviews and subframe navigations', () => {
    const { fire } = harden();
    expect(fire('will-attach-webview', {})).toBe(true);
    expect(fire('will-frame-navigate', { url: 'https://evil.example/', isMainFrame: false })).toBe(true);
    expect(fire('will-frame-navigate', { url: `${APP_ORIGIN}/index.html`, isMainFrame: true })).toBe(false);
  });
});

describe('denyAllPermissions', () => {
  it('answers every permission request and check with no', () => {
    const session = {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
    };
    denyAllPermissions(session as unknown as Session);
    const request = session.setPermissionRequestHandler.mock.calls[0]![0];
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      request({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
    }
    expect(session.setPermissionCheckHandler.mock.calls[0]![0]({}, 'media', 'app://bundle', {})).toBe(false);
    expect(session.setDevicePermissionHandler.mock.calls[0]![0]({})).toBe(false);
  });
});

describe('isAllowedExternalUrl', () => {
  it.each([
    ['https://login.microsoftonline.com/common/oauth2/v2.0/authorize?x=1', true],
    ['https://learn.microsoft.com/en-us/graph/', true],
    ['https://portal.azure.com/#blade', true],
    ['https://entra.microsoft.com/', true],
    ['http://learn.microsoft.com/', false],
    ['https://learn.microsoft.com.evil.example/', false],
    ['https://evil.example/?https://learn.microsoft.com', false],
    ['https://user:pw@learn.microsoft.com/', false],
    ['javascript:alert(1)', false],
    ['file:///etc/passwd', false],
    ['not a url', false],
  ])('%s -> %s', (url, ok) => {
    expect(isAllowedExternalUrl(url, allowed)).toBe(ok);
  });
});

describe('authorityHosts', () => {
  it('lists the national clouds and the configured custom authority (with its port)', () => {
    const hosts = authorityHosts(
      {
        ...defaultCloud,
        clientId: 'c',
        preset: 'custom',
        authorityHost: 'https://127.0.0.1:8443',
        graphUrl: 'https://127.0.0.1:8443/v1.0',
      },
      {},
    );
    expect(hosts).toEqual(expect.arrayContaining(['login.microsoftonline.com', 'login.microsoftonline.us', '127.0.0.1:8443']));
  });

  it('still lists the well-known hosts before setup', () => {
    expect(authorityHosts(defaultCloud, {})).toContain('login.microsoftonline.com');
  });
});

describe('createExternalUrlPolicy', () => {
  it('opens help pages at once and the sign-in host of the configured cloud, refusing the rest', () => {
    const opened: string[] = [];
    const refused: string[] = [];
    const policy = createExternalUrlPolicy({
      env: {},
      openExternal: async (url) => void opened.push(url),
      onRefused: (url) => refused.push(url),
    });
    policy.open('https://learn.microsoft.com/x');
    policy.open('https://127.0.0.1:8443/common/oauth2/v2.0/authorize');
    policy.setCloud({
      ...defaultCloud,
      clientId: 'c',
      preset: 'custom',
      authorityHost: 'https://127.0.0.1:8443',
      graphUrl: 'https://127.0.0.1:8443/v1.0',
    });
    policy.open('https://127.0.0.1:8443/common/oauth2/v2.0/authorize');
    policy.open('https://evil.example/');
    expect(opened).toEqual(['https://learn.microsoft.com/x', 'https://127.0.0.1:8443/common/oauth2/v2.0/authorize']);
    expect(refused).toEqual(['https://127.0.0.1:8443/common/oauth2/v2.0/authorize', 'https://evil.example/']);
  });
});
