import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
}));
vi.mock('electron', () => electron);

const { appProtocolResponse, registerAppScheme, serveAppProtocol } = await import('./protocol');

let root: string;
let renderer: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'protocol-'));
  renderer = path.join(root, 'renderer');
  await mkdir(path.join(renderer, 'assets'), { recursive: true });
  await writeFile(path.join(renderer, 'index.html'), '<!doctype html><title>OneDrive Mirror</title>');
  await writeFile(path.join(renderer, 'assets', 'app.js'), 'export {}');
  await writeFile(path.join(renderer, 'assets', 'app.css'), 'body{}');
  await writeFile(path.join(root, 'secret.txt'), 'not for the page');
});

afterAll(() => rm(root, { recursive: true, force: true }));

describe('app:// protocol', () => {
  it('registers app as a standard, secure scheme before ready', () => {
    registerAppScheme();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
  });

  it('serves the renderer through protocol.handle', async () => {
    serveAppProtocol(renderer);
    const [scheme, handler] = electron.protocol.handle.mock.calls[0]!;
    expect(scheme).toBe('app');
    const res: Response = await handler({ url: 'app://bundle/index.html', method: 'GET' });
    expect(await res.text()).toContain('OneDrive Mirror');
  });

  it('serves files with their MIME type and the strict CSP header', async () => {
    const html = await appProtocolResponse(renderer, 'app://bundle/index.html');
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(html.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await appProtocolResponse(renderer, 'app://bundle/assets/app.js')).headers.get('content-type')).toMatch(
      /^text\/javascript/,
    );
    expect((await appProtocolResponse(renderer, 'app://bundle/assets/app.css')).headers.get('content-type')).toMatch(
      /^text\/css/,
    );
    expect(await (await appProtocolResponse(renderer, 'app://bundle/')).text()).toContain('<title>');
  });

  it.each(['app://bundle/%2e%2e/secret.txt', 'app://bundle/assets/..%2f..%2fsecret.txt', 'app://bundle/..%5csecret.txt'])(
    'refuses %s, which escapes the renderer folder',
    async (url) => {
      const res = await appProtocolResponse(renderer, url);
      // The URL parser may already fold the dots away (then the file is simply not in the folder).
      expect([403, 404]).toContain(res.status);
      expect(await res.text()).not.toContain('not for the page');
    },
  );

  it('answers 404 for missing files and other hosts, 405 for writes', async () => {
    expect((await appProtocolResponse(renderer, 'app://bundle/nope.js')).status).toBe(404);
    expect((await appProtocolResponse(renderer, 'app://other/index.html')).status).toBe(404);
    expect((await appProtocolResponse(renderer, 'app://bundle/index.html', 'POST')).status).toBe(405);
  });
});
