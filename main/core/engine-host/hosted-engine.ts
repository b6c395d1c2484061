/**
 * Main's side of the engine host: the engine interface the service uses (run, preview), kept by sending requests
 * over a channel and turning the host's events back into callbacks and promises. Main keeps the sign-ins (token
 * requests are answered with the run's getToken), the trash, the log, and its gates (linked to the host's).
 * The host starts on the first run. If it dies, every run in flight fails as interrupted (a transient error: the
 * scheduler retries, and the next run converges from the state the host checkpointed), and the next request
 * starts a new host.
 */
import type { Progress, SyncPreview } from '../../../shared/model';
import { AppError } from '../errors';
import type { Logger, Trash } from '../ports';
import type { ThrottleGate } from '../graph/throttle-gate';
import type { GetToken } from '../graph/middleware/auth';
import type { RunSummary } from '../sync/types';
import {
  fromWireError,
  toWireError,
  type ActivityEvent,
  type FromHost,
  type HostChannel,
  type PreviewParams,
  type RunParams,
} from './protocol';

export const INTERRUPTED_MESSAGE = 'The sync engine stopped unexpectedly: the run was interrupted and will be tried again.';

export interface HostedRun {
  params: RunParams;
  getToken: GetToken;
  signal: AbortSignal;
  onProgress: (p: Progress) => void;
  onActivity: (e: ActivityEvent) => void;
}

export interface HostedEngine {
  run(r: HostedRun): Promise<RunSummary>;
  preview(r: { params: PreviewParams; getToken: GetToken; signal: AbortSignal }): Promise<SyncPreview>;
  /** Starts the host now (a command that will run a sync: the host loads while main opens the store). */
  warm(): void;
  /** Runs in flight (tests, diagnostics). */
  readonly running: number;
  /** Stops the host (quit); runs still in flight fail as interrupted. */
  close(): Promise<void>;
}

interface Pending {
  resolve: (v: never) => void;
  reject: (e: unknown) => void;
  onProgress?: HostedRun['onProgress'];
  onActivity?: HostedRun['onActivity'];
}

export function createHostedEngine(o: {
  /** Starts a host and returns main's end of its channel. */
  start: () => HostChannel;
  trash: Trash;
  logger: Logger;
  /** Main's gate of an account (compose.ts's gateFor): linked to the host's both ways. */
  gateFor: (profileId: string) => ThrottleGate;
  /** Called when a host died on its own (not closed): tests, and a log line. */
  onCrash?: (reason: string) => void;
}): HostedEngine {
  let channel: HostChannel | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  /** The latest getToken per account: a token request names the account, not the run. */
  const tokens = new Map<string, GetToken>();
  /** A token asked for when a run was sent, while the host loads and lists: its first request takes it. */
  const early = new Map<string, Promise<string>>();
  const linked = new Map<string, () => void>();
  const log = o.logger.child({ component: 'engine-host' });

  const link = (profileId: string): void => {
    if (linked.has(profileId)) return;
    linked.set(
      profileId,
      o.gateFor(profileId).onPause((ms) => channel?.post({ type: 'gate-pause', profileId, ms })),
    );
  };

  const onMessage = (ch: HostChannel, m: FromHost): void => {
    switch (m.type) {
      case 'progress':
        return pending.get(m.id)?.onProgress?.(m.progress);
      case 'activity':
        return pending.get(m.id)?.onActivity?.(m.event);
      case 'result':
      case 'preview-result':
      case 'error': {
        const p = pending.get(m.id);
        pending.delete(m.id);
        if (m.type === 'error') p?.reject(fromWireError(m.error));
        else p?.resolve((m.type === 'result' ? m.summary : m.preview) as never);
        return;
      }
      case 'token-request': {
        const getToken = tokens.get(m.profileId);
        const prefetched = m.forceRefresh ? undefined : early.get(m.profileId);
        early.delete(m.profileId);
        const answer =
          prefetched ??
          (getToken ? getToken({ forceRefresh: m.forceRefresh }) : Promise.reject(new AppError('reconnect_required')));
        answer.then(
          (token) => ch.post({ type: 'token', req: m.req, token, error: null }),
          (e: unknown) => ch.post({ type: 'token', req: m.req, token: null, error: toWireError(e) }),
        );
        return;
      }
      case 'trash-request':
        o.trash.trash(m.path).then(
          () => ch.post({ type: 'trashed', req: m.req, error: null }),
          (e: unknown) => ch.post({ type: 'trashed', req: m.req, error: toWireError(e) }),
        );
        return;
      case 'gate-pause':
        return o.gateFor(m.profileId).pauseFromPeer(m.ms);
      case 'log':
        return log[m.level](m.msg, m.fields);
    }
  };

  const host = (): HostChannel => {
    if (channel) return channel;
    const ch = o.start();
    channel = ch;
    ch.onMessage((m) => onMessage(ch, m));
    ch.onExit((reason) => {
      if (channel !== ch) return; // closed on purpose
      channel = null;
      log.warn('engine host stopped: runs in flight are interrupted', { reason, runs: pending.size });
      interruptAll();
      o.onCrash?.(reason);
    });
    return ch;
  };

  const interruptAll = (): void => {
    for (const p of pending.values()) p.reject(new AppError('internal', INTERRUPTED_MESSAGE));
    pending.clear();
  };

  function request<T>(
    send: (id: number) => Parameters<HostChannel['post']>[0],
    r: { profileId: string; getToken: GetToken; signal: AbortSignal } & Partial<Pick<HostedRun, 'onProgress' | 'onActivity'>>,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (r.signal.aborted) {
        reject(new AppError('cancelled'));
        return;
      }
      tokens.set(r.profileId, r.getToken);
      if (!early.has(r.profileId)) {
        const token = r.getToken({ forceRefresh: false });
        token.catch(() => undefined); // the host's request gets the same answer, failure included
        early.set(r.profileId, token);
      }
      link(r.profileId);
      const id = nextId++;
      const ch = host();
      const onAbort = (): void => channel?.post({ type: 'cancel', id });
      r.signal.addEventListener('abort', onAbort, { once: true });
      const prefetched = early.get(r.profileId);
      const done = (): void => {
        r.signal.removeEventListener('abort', onAbort);
        // Not taken (the run ended before a request, or the host still had a token): never hand it out later.
        if (early.get(r.profileId) === prefetched) early.delete(r.profileId);
      };
      pending.set(id, {
        resolve: ((v: T) => (done(), resolve(v))) as (v: never) => void,
        reject: (e) => (done(), reject(e)),
        onProgress: r.onProgress,
        onActivity: r.onActivity,
      });
      ch.post(send(id));
    });
  }

  return {
    run: (r) =>
      request<RunSummary>((id) => ({ type: 'run', id, params: r.params }), {
        ...r,
        profileId: r.params.profileId,
      }),
    preview: (r) =>
      request<SyncPreview>((id) => ({ type: 'preview', id, params: r.params }), {
        ...r,
        profileId: r.params.profileId,
      }),
    warm: () => void host(),
    get running() {
      return pending.size;
    },
    async close() {
      const ch = channel;
      channel = null;
      for (const off of linked.values()) off();
      linked.clear();
      early.clear();
      interruptAll();
      await ch?.terminate();
    },
  };
}
