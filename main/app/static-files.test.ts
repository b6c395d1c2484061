import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, mimeTypeFor, resolveStaticPath } from './static-files';

const root = path.resolve('/srv/renderer');

describe('resolveStaticPath', () => {
  it('serves index.html for the root and files inside the folder', () => {
    expect(resolveStaticPath(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/index-abc.js')).toBe(path.join(root, 'assets', 'index-abc.js'));
    expect(resolveStaticPath(root, '/assets/a%20b.css')).toBe(path.join(root, 'assets', 'a b.css'));
  });

  it.each([
    '/../secret.txt',
    '/assets/../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/..%2f..%2fetc/passwd',
    '/assets%5c..%5c..%5cwin.ini',
    '/C:/Windows/win.ini',
    '/index.html%00.png',
    '/%E0%A4%A',
  ])('refuses %s, which would escape the folder', (p) => {
    expect(resolveStaticPath(root, p)).toBeNull();
  });
});

describe('mimeTypeFor', () => {
  it('gives browsers the right type for what Vite emits', () => {
    expect(mimeTypeFor('x/index.html')).toMatch(/^text\/html/);
    expect(mimeTypeFor('a.JS')).toMatch(/^text\/javascript/);
    expect(mimeTypeFor('a.css')).toMatch(/^text\/css/);
    expect(mimeTypeFor('a.svg')).toBe('image/svg+xml');
    expect(mimeTypeFor('a.woff2')).toBe('font/woff2');
    expect(mimeTypeFor('a.unknown')).toBe('application/octet-stream');
  });
});

describe('contentSecurityPolicy', () => {
  it('allows only our own scripts and connections', () => {
    expect(contentSecurityPolicy).toContain("script-src 'self'");
    expect(contentSecurityPolicy).not.toMatch(/unsafe-eval/);
    expect(contentSecurityPolicy).toContain("connect-src 'self'");
    expect(contentSecurityPolicy).toContain("object-src 'none'");
    expect(contentSecurityPolicy).toContain("frame-ancestors 'none'");
  });

  it('allows no inline script or style: empty <style> elements (filled through CSSOM by Griffel) only', () => {
    expect(contentSecurityPolicy).not.toMatch(/unsafe-inline/);
    expect(contentSecurityPolicy).toContain("style-src 'self' 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
  });
});
