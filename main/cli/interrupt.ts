/**
 * Ctrl+C (SIGINT) and SIGTERM while a command holds the data dir. Node's default would end the process on the spot
 * and leave the lock and the run's URL spool behind. Commands that can stop cleanly (`sync run`, `run`) get an abort
 * signal on the first one and wind down (files in flight stay as hidden resume partials); any other command, or a
 * second signal, exits at once through `quit`, which removes what the process owns synchronously first.
 */
export interface Interrupts {
  /** Aborted (with the usual AbortError: the core knows it) by the first SIGINT/SIGTERM when cancellable. */
  readonly signal: AbortSignal;
  /** Which signal it was, or null. */
  readonly received: NodeJS.Signals | null;
  /** Stops listening (the command is over). */
  dispose(): void;
}

export interface InterruptOptions {
  /** The command stops cleanly on `signal`; otherwise the first signal already quits. */
  cancellable: boolean;
  /** Told once, on the first signal of a cancellable command. */
  onCancel(signal: NodeJS.Signals): void;
  /** Synchronous cleanup and exit: must not return. */
  quit(signal: NodeJS.Signals): never;
  /** Tests: a fake process. */
  proc?: Pick<NodeJS.Process, 'on' | 'off'>;
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

export function watchInterrupts(o: InterruptOptions): Interrupts {
  const proc = o.proc ?? process;
  const controller = new AbortController();
  let received: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!o.cancellable || controller.signal.aborted) o.quit(signal);
    received = signal;
    controller.abort();
    o.onCancel(signal);
  };
  for (const s of SIGNALS) proc.on(s, onSignal);
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    dispose: () => {
      for (const s of SIGNALS) proc.off(s, onSignal);
    },
  };
}
