/**
 * A per-attempt abort signal: aborted by the caller's signal or after `timeoutMs` of silence (`poke()` restarts
 * the countdown). Unlike AbortSignal.any/timeout it leaves nothing behind after dispose(): no listener on the
 * long-lived run signal, no pending timer (thousands of requests per run would otherwise pile them up).
 */
export interface LinkedSignal {
  signal: AbortSignal;
  poke(): void;
  dispose(): void;
}

export function linkedSignal(parent: AbortSignal | undefined, timeoutMs: number, reason = 'timed out'): LinkedSignal {
  const controller = new AbortController();
  const onAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted) controller.abort(parent.reason);
  else parent?.addEventListener('abort', onAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new Error(reason)), timeoutMs);
    timer.unref?.();
  };
  arm();
  return {
    signal: controller.signal,
    poke: arm,
    dispose() {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onAbort);
    },
  };
}
