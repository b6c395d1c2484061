/**
 * Main's side of the engine host against a scripted channel (no thread): token requests answered from the run's
 * getToken (errors as codes), the gates linked both ways, cancel sent on abort, and a host that dies failing its
 * runs as interrupted before the next request starts a new one.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { silentLogger, systemClock } from '../ports';
import { ThrottleGate } from '../graph/throttle-gate';
import { createHostedEngine, INTERRUPTED_MESSAGE } from './hosted-engine';
import type { FromHost, HostChannel, RunParams, ToHost } from './protocol';
import { syncConfig } from '../testing/sync-config';
import { okSummary } from '../testing/ok-summary';

class ScriptedHost implements HostChannel {
  readonly sent: ToHost[] = [];
  private listeners: ((m: FromHost) => void)[] = [];
  private exits: ((reason: string) => void)[] = [];
  private waiters: { pred: (m: ToHost) => boolean; resolve: (m: ToHost) => void }[] = [];
  post(m: ToHost): void {
    this.sent.push(m);
    this.waiters = this.waiters.filter((w) => (w.pred(m) ? (w.resolve(m), false) : true));
  }
  onMessage(l: (m: FromHost) => void): void {
    this.listeners.push(l);
  }
  onExit(l: (reason: string) => void): void {
    this.exits.push(l);
  }
  async terminate(): Promise<void> {
    this.crash('terminated');
  }
  emit(m: FromHost): void {
    for (const l of this.listeners) l(m);
  }
  crash(reason = 'killed'): void {
    for (const l of this.exits) l(reason);
  }
  /** The next message main sends that `pred` accepts (already sent ones included). */
  next<T extends ToHost['type']>(type: T): Promise<Extract<ToHost, { type: T }>> {
    const seen = this.sent.find((m) => m.type === type);
    if (seen) return Promise.resolve(seen as Extract<ToHost, { type: T }>);
    return new Promise((resolve) => this.waiters.push({ pred: (m) => m.type === type, resolve: resolve as (m: ToHost) => void }));
  }
}

function setup() {
  const hosts: ScriptedHost[] = [];
  const gates = new Map<string, ThrottleGate>();
  const gateFor = (id: string) => {
    if (!gates.has(id)) gates.set(id, new ThrottleGate(systemClock));
    return gates.get(id)!;
  };
  const engine = createHostedEngine({
    start: () => {
      const h = new ScriptedHost();
      hosts.push(h);
      return h;
    },
    trash: { trash: async () => undefined },
    logger: silentLogger,
    gateFor,
  });
  const params: RunParams = {
    config: syncConfig({ itemId: 'i1', driveId: 'd1', localPath: '/tmp/x' }),
    driveType: 'personal',
    ownDriveId: null,
    profileId: 'p1',
    graphUrl: 'https://graph.example/v1.0',
    stateDir: '/tmp/state',
    confirmedDeletes: null,
    parallelDownloads: 4,
    downloadLimit: 0,
    bigDelete: { files: 500 },
  };
  return { engine, hosts, gateFor, params };
}

const noop = () => undefined;

describe('hosted engine', () => {
  it('answers token requests with the run getToken, and its failure as an error code', async () => {
    const { engine, hosts, params } = setup();
    let calls = 0;
    const getToken = async () => {
      calls++;
      if (calls > 1) throw new AppError('reconnect_required', 'sign in again');
      return 'access-1';
    };
    const run = engine.run({
      params,
      getToken,
      signal: new AbortController().signal,
      onProgress: noop,
      onActivity: noop,
    });
    const host = hosts[0]!;
    host.emit({ type: 'token-request', req: 1, profileId: 'p1', forceRefresh: false });
    expect(await host.next('token')).toEqual({ type: 'token', req: 1, token: 'access-1', error: null });
    host.emit({ type: 'token-request', req: 2, profileId: 'p1', forceRefresh: true });
    await expect.poll(() => host.sent.filter((m) => m.type === 'token').length).toBe(2);
    expect(host.sent.at(-1)).toMatchObject({ req: 2, token: null, error: { code: 'reconnect_required' } });
    host.emit({ type: 'error', id: 1, error: { code: 'reconnect_required', message: 'sign in again' } });
    await expect(run).rejects.toMatchObject({ code: 'reconnect_required' });
  });

  it('links the gates both ways and forwards progress and the result', async () => {
    const { engine, hosts, gateFor, params } = setup();
    const progress: number[] = [];
    const run = engine.run({
      params,
      getToken: async () => 't',
      signal: new AbortController().signal,
      onProgress: (p) => progress.push(p.filesDone),
      onActivity: noop,
    });
    const host = hosts[0]!;
    const before = Date.now();
    host.emit({ type: 'gate-pause', profileId: 'p1', ms: 5000 });
    expect(gateFor('p1').pausedUntil()).toBeGreaterThanOrEqual(before + 5000);
    expect(host.sent.some((m) => m.type === 'gate-pause')).toBe(false); // a peer's pause is not echoed back
    gateFor('p1').throttled(9000);
    expect(host.sent.at(-1)).toMatchObject({ type: 'gate-pause', profileId: 'p1' });
    host.emit({
      type: 'progress',
      id: 1,
      progress: {
        phase: 'applying',
        filesDone: 3,
        filesTotal: 9,
        bytesDone: 0,
        bytesTotal: 0,
        currentFile: null,
      },
    });
    const summary = okSummary();
    host.emit({ type: 'result', id: 1, summary });
    await expect(run).resolves.toEqual(summary);
    expect(progress).toEqual([3]);
  });

  it('sends cancel when the run signal aborts', async () => {
    const { engine, hosts, params } = setup();
    const abort = new AbortController();
    void engine.run({ params, getToken: async () => 't', signal: abort.signal, onProgress: noop, onActivity: noop }).catch(noop);
    abort.abort();
    expect(await hosts[0]!.next('cancel')).toEqual({ type: 'cancel', id: 1 });
  });

  it('fails the runs of a dead host as interrupted and starts a new host for the next request', async () => {
    const { engine, hosts, params } = setup();
    const a = engine.run({
      params,
      getToken: async () => 't',
      signal: new AbortController().signal,
      onProgress: noop,
      onActivity: noop,
    });
    const b = engine.preview({ params, getToken: async () => 't', signal: new AbortController().signal });
    hosts[0]!.crash();
    await expect(a).rejects.toEqual(new AppError('internal', INTERRUPTED_MESSAGE));
    await expect(b).rejects.toEqual(new AppError('internal', INTERRUPTED_MESSAGE));
    expect(engine.running).toBe(0);
    void engine
      .run({
        params,
        getToken: async () => 't',
        signal: new AbortController().signal,
        onProgress: noop,
        onActivity: noop,
      })
      .catch(noop);
    expect(hosts).toHaveLength(2);
    expect(hosts[1]!.sent[0]).toMatchObject({ type: 'run' });
    await engine.close();
  });
});
