import { EventEmitter } from 'node:events';
import type { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../core/errors';
import { canOpenBrowser, createNodeBrowserOpener, openCommandFor } from './browser-opener';

describe('openCommandFor', () => {
  it.each([
    ['linux', 'xdg-open', ['https://login.example/authorize?a=1&b=2']],
    ['freebsd', 'xdg-open', ['https://login.example/authorize?a=1&b=2']],
    ['darwin', 'open', ['https://login.example/authorize?a=1&b=2']],
    ['win32', 'rundll32', ['url.dll,FileProtocolHandler', 'https://login.example/authorize?a=1&b=2']],
  ] as const)('on %s uses %s with the URL as one argument', (platform, command, args) => {
    expect(openCommandFor('https://login.example/authorize?a=1&b=2', platform)).toEqual({ command, args });
  });

  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'not a url', 'ms-settings:privacy'])('refuses %s', (url) => {
    expect(() => openCommandFor(url, 'linux')).toThrow(expect.objectContaining({ code: 'bad_input' }));
  });
});

describe('canOpenBrowser', () => {
  it.each([
    [{}, 'linux', false],
    [{ DISPLAY: ':0' }, 'linux', true],
    [{ WAYLAND_DISPLAY: 'wayland-0' }, 'linux', true],
    [{}, 'darwin', true],
    [{}, 'win32', true],
  ] as const)('%j on %s -> %s', (env, platform, expected) => {
    expect(canOpenBrowser(env, platform)).toBe(expected);
  });
});

function fakeSpawn(outcome: 'spawn' | 'error') {
  const calls: Array<{ command: string; args: string[]; options: object }> = [];
  const impl = ((command: string, args: string[], options: object) => {
    calls.push({ command, args, options });
    const child = Object.assign(new EventEmitter(), { unref: () => {} });
    queueMicrotask(() =>
      outcome === 'spawn' ? child.emit('spawn') : child.emit('error', Object.assign(new Error('nope'), { code: 'ENOENT' })),
    );
    return child;
  }) as unknown as typeof spawn;
  return { impl, calls };
}

describe('createNodeBrowserOpener', () => {
  it('spawns detached without a shell', async () => {
    const { impl, calls } = fakeSpawn('spawn');
    await createNodeBrowserOpener({ platform: 'linux', spawn: impl }).open('http://localhost:1234/x');
    expect(calls).toEqual([
      { command: 'xdg-open', args: ['http://localhost:1234/x'], options: { detached: true, stdio: 'ignore', shell: false } },
    ]);
  });

  it('turns a missing opener into a message that suggests --device-code', async () => {
    const { impl } = fakeSpawn('error');
    const err = await createNodeBrowserOpener({ platform: 'linux', spawn: impl })
      .open('https://x.test/')
      .catch((e) => e);
    expect(isAppError(err)).toBe(true);
    expect(err.message).toMatch(/--device-code/);
  });
});
