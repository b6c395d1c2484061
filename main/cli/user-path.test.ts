import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveUserPath } from './user-path';

describe('a folder typed on the command line', () => {
  it('expands a leading ~ to the home folder (a quoted "~/x" is not expanded by the shell)', () => {
    expect(resolveUserPath('~', {}, '/home/ann')).toBe('/home/ann');
    expect(resolveUserPath('~/OneDrive', {}, '/home/ann')).toBe(path.join('/home/ann', 'OneDrive'));
    expect(resolveUserPath('~bob/x', {}, '/home/ann')).toBe(path.resolve('~bob/x'));
  });

  it('resolves a relative path against the caller, also under npm run (INIT_CWD)', () => {
    expect(resolveUserPath('docs', {})).toBe(path.resolve('docs'));
    expect(resolveUserPath('docs', { npm_lifecycle_event: 'cli', INIT_CWD: '/srv/me' })).toBe(path.resolve('/srv/me', 'docs'));
    expect(resolveUserPath('docs', { INIT_CWD: '/srv/me' })).toBe(path.resolve('docs'));
    expect(resolveUserPath('/abs/dir', { npm_lifecycle_event: 'cli', INIT_CWD: '/srv/me' })).toBe('/abs/dir');
  });
});
