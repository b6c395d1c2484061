/**
 * The bearer token goes to the configured Graph origin only (issue 13): the fake cloud hands out nextLinks and
 * deltaLinks on a second local server that records every request; enumeration stops with an AppError and that
 * server never sees a request, let alone an Authorization header.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../main/core/errors';
import { startTestServer, type TestServer } from '../../main/core/testing/test-http-server';
import { enumerate } from '../../main/core/sync/enumerate/enumerate';
import { rejection } from '../../main/core/testing/rejection';
import type { AccountInfo } from '../fake-cloud';
import { useFakeCloud } from '../fake-cloud/test-support';
import { clientFor, MiniManifest } from './harness';

const h = useFakeCloud();
let recorder: TestServer;

beforeAll(async () => {
  recorder = await startTestServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ value: [], '@odata.deltaLink': 'https://example.invalid/delta' }));
  });
});
afterAll(() => recorder.close());
afterEach(() => {
  h.cloud.control.setLinkOrigin(null);
  h.cloud.control.setDeltaOptions({ pageSize: 200 });
  h.cloud.control.setChildrenPageSize(200);
});

async function run(account: AccountInfo, m: MiniManifest) {
  const { client } = clientFor(h.cloud, account);
  const set = await enumerate({
    client,
    driveId: account.driveId,
    driveType: account.kind,
    itemType: 'folder',
    rootId: m.rootId,
    deltaLink: m.deltaLink,
    knownIds: m.knownIds,
    knownParent: m.knownParent,
  });
  m.apply(set);
  return set;
}

function files(n: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`Docs/f${i}.txt`, `f${i}`]));
}

describe('links to another origin', () => {
  for (const kind of ['personal', 'business'] as const) {
    it(`a ${kind} first enumeration with paging links on another origin is an error, and they get no request`, async () => {
      const account = h.cloud.control.createAccount({ kind, tree: files(6) });
      const m = new MiniManifest(h.cloud.control.itemId(account.accountId, 'Docs'));
      h.cloud.control.setDeltaOptions({ pageSize: 2 });
      h.cloud.control.setChildrenPageSize(2); // business walks the subtree's children first
      h.cloud.control.setLinkOrigin(recorder.url);
      const e = await rejection(run(account, m));
      expect(e).toBeInstanceOf(AppError);
      expect((e as Error).message).toContain(new URL(recorder.url).host);
      expect(recorder.seen).toEqual([]);
    });
  }

  it('a children nextLink on another origin is an error, and gets no request', async () => {
    const account = h.cloud.control.createAccount({ kind: 'personal', tree: files(5) });
    h.cloud.control.setChildrenPageSize(2);
    h.cloud.control.setLinkOrigin(recorder.url);
    const { client } = clientFor(h.cloud, account);
    const docs = h.cloud.control.itemId(account.accountId, 'Docs');
    const e = await rejection(
      (async () => {
        for await (const page of client.listChildren(account.driveId, docs)) void page;
      })(),
    );
    expect(e).toBeInstanceOf(AppError);
    expect(recorder.seen).toEqual([]);
  });

  it('a deltaLink on another origin is never followed by the next run', async () => {
    const account = h.cloud.control.createAccount({ kind: 'personal', tree: files(3) });
    const m = new MiniManifest(h.cloud.control.itemId(account.accountId, 'Docs'));
    h.cloud.control.setLinkOrigin(recorder.url);
    const first = await run(account, m); // one page: its deltaLink points at the recorder
    expect(new URL(first.deltaLink!).origin).toBe(recorder.url);
    h.cloud.control.addFile(account.accountId, 'Docs/new.txt', 'new');
    expect(await rejection(run(account, m))).toBeInstanceOf(AppError);
    expect(recorder.seen).toEqual([]);
  });
});
