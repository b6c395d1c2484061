/**
 * Cancel and time-out for sign-ins that wait on a person. MSAL has a cancel flag for device code only; an
 * interactive sign-in waits on its loopback server until something is POSTed to it, so we post the error ourselves.
 */
import { AppError } from '../errors';
import type { Clock } from '../ports';

function describeDuration(ms: number): string {
  if (ms >= 60_000) {
    const minutes = Math.round(ms / 60_000);
    return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  }
  const seconds = Math.max(1, Math.round(ms / 1000));
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

/**
 * Runs `work` until it settles, the caller's signal aborts (AppError cancelled), the time-out passes (AppError
 * timeout) or the controller registered in `pending` is aborted (dispose: cancelled). The work gets a signal that
 * fires on any stop, to release what it is waiting on; its own late result is dropped.
 */
export async function runStoppable<T>(
  o: { signal?: AbortSignal; timeoutMs?: number },
  clock: Clock,
  pending: Set<AbortController>,
  work: (stop: AbortSignal) => Promise<T>,
): Promise<T> {
  if (o.signal?.aborted) throw new AppError('cancelled', 'Sign-in was cancelled.');
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort();
  o.signal?.addEventListener('abort', onAbort);
  const timer =
    o.timeoutMs === undefined
      ? null
      : clock.setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, o.timeoutMs);
  const stopped = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () =>
      reject(
        timedOut
          ? new AppError('timeout', `Sign-in was not finished within ${describeDuration(o.timeoutMs ?? 0)}. Try again.`)
          : new AppError('cancelled', 'Sign-in was cancelled.'),
      ),
    );
  });
  pending.add(controller);
  const running = work(controller.signal);
  running.catch(() => {}); // may settle after a stop: nothing left to report
  try {
    return await Promise.race([running, stopped]);
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    if (timer !== null) clock.clearTimeout(timer);
    pending.delete(controller);
  }
}

/**
 * Unblocks MSAL's loopback server after a stop: posts an OAuth error with the request's own state to the
 * loopback redirect URI taken from the authorize URL (never to any other host).
 */
export async function releaseLoopback(authUrl: string, fetchImpl: typeof fetch = globalThis.fetch): Promise<void> {
  try {
    const params = new URL(authUrl).searchParams;
    const redirect = new URL(params.get('redirect_uri') ?? '');
    const state = params.get('state');
    if (redirect.protocol !== 'http:' || redirect.hostname !== 'localhost' || !state) return;
    redirect.hostname = '127.0.0.1'; // MSAL listens on 127.0.0.1 only
    await fetchImpl(redirect.href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ error: 'access_denied', error_description: 'cancelled', state }).toString(),
      signal: AbortSignal.timeout(5_000),
    });
  } catch {
    // The server may already be gone: nothing to release.
  }
}
