import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandHandlers, commandNames } from '../../shared/ipc';
import type { AppState } from '../../shared/model';
import { AppError } from '../../main/core/errors';
import { silentLogger } from '../../main/core/ports';
import { TypedEmitter } from '../../main/core/typed-emitter';
import { type Bridge, injectBridgeScript, startBridge } from './server';

const state = { version: '9.9.9' } as AppState;
const events = new TypedEmitter<Record<string, unknown>>();
const handlers = Object.fromEntries(
  commandNames.map((n) => [n, async (input: unknown) => ({ n, input })]),
) as never as CommandHandlers;
handlers['sync:now'] = async () => {
  throw new AppError('reconnect_required');
};
const service = { handlers, getState: () => state, on: events.on.bind(events) as never };

let dir: string;
let bridge: Bridge;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bridge-'));
  await mkdir(path.join(dir, 'assets'));
  await writeFile(
    path.join(dir, 'index.html'),
    '<!doctype html><html><head><script type="module" crossorigin src="./assets/app.js"></script></head><body></body></html>',
  );
  await writeFile(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(tmpdir(), 'bridge-outside.txt'), 'secret');
  // Echo handlers answer with their input, not the contract's outputs: this bridge skips the reply check.
  const overrides = { 'dialog:chooseDirectory': async () => '/picked' };
  bridge = await startBridge({ service, rendererDir: dir, overrides, checkReplies: false });
});

afterAll(async () => {
  await bridge.close();
  await rm(dir, { recursive: true, force: true });
});

const post = (name: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(new URL(`api/${name}`, bridge.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('startBridge', () => {
  it('serves index.html with the bridge script before the app bundle, under the CSP', async () => {
    const res = await fetch(bridge.url);
    const html = await res.text();
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(html.indexOf('/bridge-api.js')).toBeGreaterThan(0);
    expect(html.indexOf('/bridge-api.js')).toBeLessThan(html.indexOf('assets/app.js'));
  });

  it('serves the bridge script and built assets with JavaScript MIME types', async () => {
    const script = await fetch(new URL('bridge-api.js', bridge.url));
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    const body = await script.text();
    for (const name of commandNames) expect(body).toContain(JSON.stringify(name));
    const asset = await fetch(new URL('assets/app.js', bridge.url));
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('answers commands with the contract Result shape', async () => {
    expect(await (await post('profile:add', { name: ' Work ' })).json()).toEqual({
      ok: true,
      value: { n: 'profile:add', input: { name: 'Work' } },
    });
    expect(await (await post('sync:now', { id: 's1' })).json()).toMatchObject({
      ok: false,
      error: { code: 'reconnect_required' },
    });
    expect(await (await post('dialog:chooseDirectory', { defaultPath: null })).json()).toEqual({ ok: true, value: '/picked' });
  });

  it('answers bad input, bad JSON and unknown commands with error values', async () => {
    expect(await (await post('profile:add', { name: '' })).json()).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(await (await post('profile:add', '{not json')).json()).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(await (await post('nope:nothing', {})).json()).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('refuses posts from a foreign origin and non-JSON posts', async () => {
    expect((await post('app:getState', {}, { origin: 'https://evil.example' })).status).toBe(403);
    const form = await fetch(new URL('api/app:getState', bridge.url), {
      method: 'POST',
      body: 'a=1',
      headers: { 'content-type': 'text/plain' },
    });
    expect(form.status).toBe(415);
  });

  it('does not serve files outside the renderer folder', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      // A raw request: fetch would normalise the dots away.
      const req = request(new URL(bridge.url), { path: '/../bridge-outside.txt' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(404);
    expect((await fetch(new URL('%2e%2e/bridge-outside.txt', bridge.url))).status).toBe(404);
  });

  it('streams the current state first, then service events, over SSE', async () => {
    const res = await fetch(new URL('api/events', bridge.url));
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) text += decoder.decode((await reader.read()).value);
    };
    await readUntil('9.9.9');
    events.emit('navigate', { view: 'accounts', id: 'p1' });
    await readUntil('"accounts"');
    await reader.cancel();
    expect(text).toContain(`event: state\ndata: ${JSON.stringify(state)}\n\n`);
    expect(text).toContain('event: navigate\ndata: {"view":"accounts","id":"p1"}\n\n');
  });
});

describe('the bridge reply check (on by default)', () => {
  it('answers a reply with a field the contract does not name with an internal error, and logs it', async () => {
    const logged: string[] = [];
    const logger = { ...silentLogger, error: (msg: string) => void logged.push(msg) };
    const leaky = { ...handlers, 'syncs:resumeAll': async () => ({ resumed: 3 }) as never, 'app:openLogs': async () => null };
    const checked = await startBridge({ service: { ...service, handlers: leaky }, rendererDir: dir, logger });
    try {
      const call = async (name: string) =>
        (
          await fetch(new URL(`api/${name}`, checked.url), {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{}',
          })
        ).json();
      expect(await call('syncs:resumeAll')).toMatchObject({ ok: false, error: { code: 'internal' } });
      expect(logged).toEqual(['IPC reply breaks the contract']);
      expect(await call('app:openLogs')).toEqual({ ok: true, value: null });
    } finally {
      await checked.close();
    }
  });
});

describe('injectBridgeScript', () => {
  it('adds the script into the head when the page has no script yet', () => {
    expect(injectBridgeScript('<html><head></head></html>')).toContain('<script src="/bridge-api.js"></script>');
  });
});
