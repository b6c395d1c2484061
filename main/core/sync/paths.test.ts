import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { conflictName, nameKey, refuseName, resolveInside } from './paths';

describe('refuseName', () => {
  it.each([
    ['', 'linux'],
    ['.', 'linux'],
    ['..', 'linux'],
    ['a/b', 'linux'],
    ['a\\b', 'linux'],
    ['nul\u0000byte', 'linux'],
    ['tab\there', 'linux'],
    ['del\u007f', 'linux'],
    ['x'.repeat(256), 'linux'],
    ['é'.repeat(128), 'linux'],
    ['.odm-abc.partial', 'linux'],
    ['CON', 'win32'],
    ['con.txt', 'win32'],
    ['LPT9.tar.gz', 'win32'],
    ['COM1', 'win32'],
    ['COM0', 'win32'],
    ['lpt0.txt', 'win32'],
    ['CONIN$', 'win32'],
    ['conout$', 'win32'],
    ['CONOUT$.txt', 'win32'],
    ['a<b', 'win32'],
    ['what?', 'win32'],
    ['star*', 'win32'],
    ['pipe|', 'win32'],
    ['colon:', 'win32'],
    ['quote"', 'win32'],
    ['trailing.', 'win32'],
    ['trailing ', 'win32'],
  ] as const)('refuses %j on %s', (name, platform) => {
    expect(refuseName(name, platform)).toEqual(expect.any(String));
  });

  it.each([
    ['report.docx', 'win32'],
    ['x'.repeat(255), 'linux'],
    ['CON', 'linux'],
    ['what?', 'darwin'],
    ['.hidden', 'linux'],
    ['console.log', 'win32'],
    ['COM10', 'win32'],
    ['日本語のファイル.txt', 'win32'],
  ] as const)('accepts %j on %s', (name, platform) => {
    expect(refuseName(name, platform)).toBeNull();
  });
});

describe('resolveInside', () => {
  const root = path.resolve('/tmp/sync-root');
  it('resolves a relative path below the root', () => {
    expect(resolveInside(root, 'a/b.txt')).toBe(path.join(root, 'a', 'b.txt'));
    expect(resolveInside(root, '')).toBe(root);
  });
  it('gives what path.resolve would, also for the file system root and a root written with a trailing slash', () => {
    for (const r of [path.parse(root).root, `${root}${path.sep}`, path.join(root, '..', 'sync-root')]) {
      expect(resolveInside(r, 'a/b c/d.txt')).toBe(path.resolve(r, 'a', 'b c', 'd.txt'));
    }
  });
  it.each(['../etc/passwd', 'a/../../x', '/abs', 'a//b', 'a/./b', 'a\\..\\b'])('refuses %j', (rel) => {
    expect(() => resolveInside(root, rel)).toThrow();
  });
});

describe('conflictName', () => {
  const at = Date.UTC(2026, 10, 26, 17, 1, 2);
  it('puts the stamp before the extension', () => {
    expect(conflictName('report.docx', at)).toBe('report (conflict 2026-11-26 170102).docx');
  });
  it('handles names without extension, dotfiles and repeats', () => {
    expect(conflictName('Makefile', at)).toBe('Makefile (conflict 2026-11-26 170102)');
    expect(conflictName('.bashrc', at)).toBe('.bashrc (conflict 2026-11-26 170102)');
    expect(conflictName('a.txt', at, 2)).toBe('a (conflict 2026-11-26 170102 2).txt');
  });
});

describe('nameKey', () => {
  it('folds case only on case-insensitive file systems, Unicode normalization on all', () => {
    expect(nameKey('ReadMe', true)).toBe(nameKey('README', true));
    expect(nameKey('ReadMe', false)).not.toBe(nameKey('README', false));
    expect(nameKey('e\u0301', true)).toBe(nameKey('\u00e9', true));
    expect(nameKey('E\u0301', true)).toBe(nameKey('\u00e9', true));
    expect(nameKey('e\u0301', false)).toBe(nameKey('\u00e9', false));
  });
});
