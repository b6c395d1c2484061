/**
 * The bridge stands in for main's native dialogs with an answer the test sets: a renderer request that needs the
 * user's approval (custom cloud hosts, plaintext tokens) changes nothing when the answer is no, over the same HTTP
 * contract the page uses.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BridgeCore, createBridgeCore } from './bridge-core';
import { type Bridge, startBridge } from './server';

let dir: string;
let core: BridgeCore;
let bridge: Bridge;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bridge-confirm-'));
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
  core = await createBridgeCore({
    dataDir: path.join(dir, 'data'),
    version: '0.0.0',
    env: {},
    confirmAnswer: false,
  });
  bridge = await startBridge({ service: core.service, rendererDir: dir });
});

afterAll(async () => {
  await bridge.close();
  await core.shutdown();
  await rm(dir, { recursive: true, force: true });
});

const post = async (name: string, body: unknown) =>
  (await fetch(new URL(`api/${name}`, bridge.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then((r) => r.json())) as { ok: boolean; error?: { code: string } };

const evil = {
  clientId: '00000000-0000-0000-0000-00000000c001',
  preset: 'custom',
  tenant: 'common',
  authorityHost: 'https://login.evil.example',
  graphUrl: 'https://graph.evil.example/v1.0',
};

describe('bridge confirmations', () => {
  it('cloud:update to custom hosts, declined: an error value, nothing stored', async () => {
    expect(await post('cloud:update', evil)).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(core.store.data.cloud.preset).toBe('global');
    expect(core.confirmer.asked.map((q) => q.title)).toEqual(['Change the app registration or cloud?']);
  });

  it('the same request, approved, is stored', async () => {
    core.confirmer.answer = true;
    expect(await post('cloud:update', evil)).toMatchObject({ ok: true });
    expect(core.store.data.cloud).toMatchObject({ preset: 'custom', graphUrl: evil.graphUrl });
  });

  it('secrets:allowPlaintext follows the answer', async () => {
    core.confirmer.answer = false;
    expect(await post('secrets:allowPlaintext', { allow: true })).toMatchObject({
      ok: false,
      error: { code: 'cancelled' },
    });
    core.confirmer.answer = true;
    expect(await post('secrets:allowPlaintext', { allow: true })).toMatchObject({ ok: true });
  });
});
