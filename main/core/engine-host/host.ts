/**
 * The host side: runs syncs and previews for main. It builds the real engine (sync/engine.ts) with its own Graph
 * client per account, whose auth provider asks main for an access token over the channel (the host never opens
 * the token cache and never sees a refresh token). One host serves every sync, so the download limit's token
 * bucket and the per-account download slots see every download. Each account's gate here is linked to main's:
 * throttling either side meets pauses both.
 */
import { AppError } from '../errors';
import { type Logger, type LogFields, systemClock, type Trash } from '../ports';
import { createDriveClient, type DriveClient } from '../graph/drive-client';
import { ThrottleGate } from '../graph/throttle-gate';
import { runSync } from '../sync/engine';
import { previewSync } from '../sync/preview';
import { RateLimiter } from '../sync/download/rate-limit';
import { Semaphore } from '../sync/semaphore';
import { fromWireError, toWireError, type FromHost, type HostPort, type RunParams, type ToHost } from './protocol';

/** Serves one channel until the process or thread ends. */
export function serveEngineHost(port: HostPort): void {
  const clock = systemClock;
  const post = (m: FromHost): void => port.post(m);
  const logger = forwardingLogger(post, {});
  const gates = new Map<string, ThrottleGate>();
  const clients = new Map<string, DriveClient>();
  const slots = new Map<string, Semaphore>();
  const runs = new Map<number, AbortController>();
  const limiter = new RateLimiter(0, clock);
  let nextReq = 1;
  const waiting = new Map<number, { resolve: (v: string | null) => void; reject: (e: AppError) => void }>();

  /** Asks main and waits for the answer (a token, or a trash done). */
  const ask = (m: (req: number) => FromHost): Promise<string | null> =>
    new Promise((resolve, reject) => {
      const req = nextReq++;
      waiting.set(req, { resolve, reject });
      post(m(req));
    });

  const gateFor = (profileId: string): ThrottleGate => {
    let gate = gates.get(profileId);
    if (!gate) {
      gates.set(profileId, (gate = new ThrottleGate(clock)));
      gate.onPause((ms) => post({ type: 'gate-pause', profileId, ms }));
    }
    return gate;
  };
  const clientFor = (profileId: string, graphUrl: string): DriveClient => {
    const key = `${profileId} ${graphUrl}`;
    let client = clients.get(key);
    if (!client) {
      client = createDriveClient({
        graphUrl,
        getToken: async ({ forceRefresh }) =>
          (await ask((req) => ({ type: 'token-request', req, profileId, forceRefresh }))) ?? '',
        gate: gateFor(profileId),
        logger: logger.child({ component: 'graph' }),
        now: () => clock.now(),
      });
      clients.set(key, client);
    }
    // A view with its own request counter: the run's count stays exact beside other runs of the account.
    return client.fork?.() ?? client;
  };
  const slotsFor = (profileId: string, size: number): Semaphore => {
    let s = slots.get(profileId);
    if (!s || s.size !== size) slots.set(profileId, (s = new Semaphore(size, { adaptive: true })));
    return s;
  };
  const trash: Trash = {
    trash: async (path) => void (await ask((req) => ({ type: 'trash-request', req, path }))),
  };

  const start = (id: number, work: (signal: AbortSignal) => Promise<FromHost>): void => {
    const abort = new AbortController();
    runs.set(id, abort);
    work(abort.signal)
      .then(post, (e: unknown) => post({ type: 'error', id, error: toWireError(e) }))
      .finally(() => runs.delete(id));
  };

  const run = (id: number, p: RunParams) =>
    start(id, async (signal) => {
      limiter.setRate(p.downloadLimit);
      const summary = await runSync({
        config: p.config,
        driveType: p.driveType,
        ownDriveId: p.ownDriveId,
        client: clientFor(p.profileId, p.graphUrl),
        stateDir: p.stateDir,
        trash,
        logger: logger.child({ syncId: p.config.id }),
        signal,
        downloadSlots: slotsFor(p.profileId, p.parallelDownloads),
        bigDelete: p.bigDelete,
        confirmedDeletes: p.confirmedDeletes,
        onProgress: (progress) => post({ type: 'progress', id, progress }),
        onActivity: (event) =>
          post({
            type: 'activity',
            id,
            event: { kind: event.kind, path: event.path, message: event.message },
          }),
        pace: (bytes, s) => limiter.take(bytes, s),
      });
      return { type: 'result', id, summary };
    });

  port.onMessage((m: ToHost) => {
    switch (m.type) {
      case 'run':
        return run(m.id, m.params);
      case 'preview':
        return start(m.id, async (signal) => {
          const p = m.params;
          const client = clientFor(p.profileId, p.graphUrl);
          const preview = await previewSync({
            config: p.config,
            driveType: p.driveType,
            client,
            signal,
            stateDir: p.stateDir,
          });
          return { type: 'preview-result', id: m.id, preview };
        });
      case 'cancel':
        return void runs.get(m.id)?.abort(new AppError('cancelled'));
      case 'token':
      case 'trashed': {
        const w = waiting.get(m.req);
        waiting.delete(m.req);
        if (m.error) w?.reject(fromWireError(m.error));
        else w?.resolve(m.type === 'token' ? m.token : null);
        return;
      }
      case 'gate-pause':
        return gateFor(m.profileId).pauseFromPeer(m.ms);
    }
  });
}

/** Log lines go to main's logger (one log file, one redaction), with this logger's bindings as fields. */
function forwardingLogger(post: (m: FromHost) => void, bindings: LogFields): Logger {
  const line = (level: 'debug' | 'info' | 'warn' | 'error') => (msg: string, fields?: LogFields) =>
    post({ type: 'log', level, msg, fields: plain({ ...bindings, ...fields }) });
  return {
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
    child: (more) => forwardingLogger(post, { ...bindings, ...more }),
  };
}

/** Log fields as cloneable data (an Error or a function would not cross a thread). */
function plain(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) {
    out[k] = v instanceof Error ? String(v) : typeof v === 'function' ? undefined : v;
  }
  return out;
}
