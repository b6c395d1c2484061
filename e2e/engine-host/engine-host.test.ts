/**
 * The engine host over a real worker thread, against the fake cloud over real HTTP: main answers token requests
 * (the host never gets a refresh token), throttling crosses the channel both ways, a cancel reaches a running sync
 * within a second, and a host that dies mid-run fails the run as interrupted, after which the next run converges.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../main/core/errors';
import { systemClock, silentLogger } from '../../main/core/ports';
import { ThrottleGate } from '../../main/core/graph/throttle-gate';
import { createHostedEngine, INTERRUPTED_MESSAGE, type HostedRun } from '../../main/core/engine-host/hosted-engine';
import type { FromHost, HostChannel, ToHost } from '../../main/core/engine-host/protocol';
import { workerHost } from '../../main/core/engine-host/worker-channel';
import type { Progress } from '../../shared/model';
import { makeSync, readTree, remoteTree, sorted, useCloud, type SyncFixture } from '../sync/harness';

const h = useCloud();
const preload = fileURLToPath(new URL('./trust-ca-preload.ts', import.meta.url));

/** A hosted engine over worker hosts, with every message main sent and the channels it started. */
function hostedOverWorkers(fx: SyncFixture) {
  process.env.ODM_TEST_FAKE_CA = h.cloud.caPath;
  const sent: ToHost[] = [];
  const received: FromHost[] = [];
  const channels: HostChannel[] = [];
  const gates = new Map<string, ThrottleGate>();
  const gateFor = (id: string) => {
    if (!gates.has(id)) gates.set(id, new ThrottleGate(systemClock));
    return gates.get(id)!;
  };
  const listeners = new Set<(m: FromHost) => void>();
  const engine = createHostedEngine({
    start: () => {
      const ch = workerHost({ preload: [preload] });
      channels.push(ch);
      ch.onMessage((m) => {
        received.push(m);
        for (const l of listeners) l(m);
      });
      return { ...ch, post: (m) => (sent.push(structuredClone(m)), ch.post(m)) };
    },
    trash: { trash: async () => undefined },
    logger: silentLogger,
    gateFor,
  });
  const issued: string[] = [];
  const run = (signal: AbortSignal, onProgress: (p: Progress) => void = () => undefined): Promise<unknown> =>
    engine.run({
      params: {
        config: fx.config,
        driveType: 'personal',
        ownDriveId: fx.acc.driveId,
        profileId: 'p1',
        graphUrl: h.cloud.graphUrl,
        stateDir: fx.stateDir,
        confirmedDeletes: null,
        parallelDownloads: 4,
        downloadLimit: 0,
        bigDelete: { files: 500 },
      },
      getToken: async () => {
        const token = h.cloud.control.issueAccessToken(fx.acc.accountId);
        issued.push(token);
        return token;
      },
      signal,
      onProgress,
      onActivity: () => undefined,
    } satisfies HostedRun);
  /** Resolves with the first message from the host that `pred` accepts. */
  const next = (pred: (m: FromHost) => boolean) =>
    new Promise<FromHost>((resolve) => {
      const l = (m: FromHost) => {
        if (!pred(m)) return;
        listeners.delete(l);
        resolve(m);
      };
      listeners.add(l);
    });
  return { engine, sent, received, channels, gateFor, issued, run, next };
}

const tree = (n: number, size = 4096) => {
  const t: Record<string, string | null> = { 'Docs/': null };
  for (let i = 0; i < n; i++) t[`Docs/f${i}.txt`] = `${i}`.padEnd(size, 'x');
  return t;
};

describe('engine host in a worker thread', () => {
  it('runs a sync with access tokens from main, and no message to the host carries a refresh token', async () => {
    const fx = await makeSync(h, { kind: 'personal', tree: tree(20) });
    const t = hostedOverWorkers(fx);
    try {
      const summary = (await t.run(new AbortController().signal)) as { result: string; downloaded: number };
      expect(summary).toMatchObject({ result: 'success', downloaded: 20 });
      expect(sorted(await readTree(fx.root))).toEqual(sorted(remoteTree(h, fx.acc)));
      // The host asked; main answered with the access tokens its getToken issued, and nothing else.
      const tokens = t.sent.filter((m) => m.type === 'token');
      expect(tokens.length).toBeGreaterThan(0);
      for (const m of tokens) expect(t.issued).toContain(m.token);
      expect(new Set(t.sent.map((m) => m.type))).toEqual(new Set(['run', 'token']));
      expect(JSON.stringify(t.sent)).not.toMatch(/refresh/i);
    } finally {
      await t.engine.close();
    }
  });

  it("a 429 with Retry-After met in the host pauses main's gate of the account, and main's pause reaches the host", async () => {
    const fx = await makeSync(h, { kind: 'personal', tree: tree(3) });
    const t = hostedOverWorkers(fx);
    try {
      h.cloud.control.throttle('delta', { retryAfter: 2, times: 1 });
      const paused = t.next((m) => m.type === 'gate-pause');
      const before = Date.now();
      const running = t.run(new AbortController().signal);
      expect(await paused).toMatchObject({ type: 'gate-pause', profileId: 'p1' });
      expect(t.gateFor('p1').pausedUntil()).toBeGreaterThanOrEqual(before + 1500);
      await expect(running).resolves.toMatchObject({ result: 'success' });

      // The other way: main's own request was throttled for 2 s; the host's next run waits it out.
      h.cloud.control.addFile(fx.acc.accountId, 'Docs/new.txt', 'new');
      const mainPause = Date.now();
      t.gateFor('p1').throttled(2000);
      expect(t.sent.at(-1)).toMatchObject({ type: 'gate-pause', profileId: 'p1' });
      await t.run(new AbortController().signal);
      expect(Date.now() - mainPause).toBeGreaterThanOrEqual(1900);
    } finally {
      await t.engine.close();
    }
  });

  it('a cancel reaches a running sync in under a second', async () => {
    const fx = await makeSync(h, { kind: 'personal', tree: tree(40, 64 * 1024) });
    const t = hostedOverWorkers(fx);
    try {
      h.cloud.control.setLatency({ downloadBytesPerSecond: 64 * 1024 });
      const abort = new AbortController();
      const downloading = new Promise<void>((resolve) => {
        void t.run(abort.signal, (p) => p.phase === 'applying' && p.bytesDone > 0 && resolve()).catch(() => undefined);
      });
      await downloading;
      expect(t.engine.running).toBe(1);
      const asked = performance.now();
      const done = t.next((m) => m.type === 'result' || m.type === 'error');
      abort.abort();
      const m = await done;
      expect(performance.now() - asked).toBeLessThan(1000);
      expect(m).toMatchObject({ type: 'result', summary: { result: 'cancelled' } });
    } finally {
      await t.engine.close();
    }
  });

  it('a host killed mid-run fails the run as interrupted; the next run starts a new host and converges', async () => {
    const fx = await makeSync(h, { kind: 'personal', tree: tree(40, 64 * 1024) });
    const t = hostedOverWorkers(fx);
    try {
      h.cloud.control.setLatency({ downloadBytesPerSecond: 256 * 1024 });
      let run!: Promise<unknown>;
      await new Promise<void>((resolve) => {
        run = t.run(new AbortController().signal, (p) => p.phase === 'applying' && p.filesDone > 0 && resolve());
        run.catch(() => undefined);
      });
      await t.channels[0]!.terminate(); // as a crash would: not through close()
      await expect(run).rejects.toEqual(new AppError('internal', INTERRUPTED_MESSAGE));
      expect(t.engine.running).toBe(0);

      h.cloud.control.setLatency({ downloadBytesPerSecond: 0 });
      await expect(t.run(new AbortController().signal)).resolves.toMatchObject({ result: 'success' });
      expect(t.channels).toHaveLength(2);
      expect(sorted(await readTree(fx.root))).toEqual(sorted(remoteTree(h, fx.acc)));
    } finally {
      await t.engine.close();
    }
  });
});
