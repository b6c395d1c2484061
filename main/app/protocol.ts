/**
 * The app:// protocol: serves the built renderer from one folder with correct MIME types and the CSP header,
 * and refuses any path that would leave the folder. Production loads app://bundle/index.html, never file://.
 */
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { mimeTypeFor, resolveStaticPath, securityHeaders } from './static-files';
import { APP_HOST, APP_SCHEME } from './security';

/** Must run before app 'ready': a standard, secure scheme gets an origin, fetch and a proper URL parser. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true },
    },
  ]);
}

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' } });

/** The response for one app:// request (exported for tests: no Electron needed). */
export async function appProtocolResponse(rendererDir: string, requestUrl: string, method = 'GET'): Promise<Response> {
  if (method !== 'GET' && method !== 'HEAD') return text(405, 'Method not allowed');
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return text(400, 'Bad request');
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return text(404, 'Not found');
  const file = resolveStaticPath(rendererDir, url.pathname);
  if (!file) return text(403, 'Forbidden');
  try {
    const body = await readFile(file);
    return new Response(method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: { ...securityHeaders, 'Content-Type': mimeTypeFor(file), 'Cache-Control': 'no-cache' },
    });
  } catch {
    return text(404, 'Not found');
  }
}

/** After 'ready': answer app:// from the renderer folder. */
export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => appProtocolResponse(rendererDir, request.url, request.method));
}
