/**
 * What the shell provides to the core. Electron implements these in main/app, the CLI and the e2e bridge
 * in main/cli (Node). Tests pass fakes. The core never reaches for a platform API any other way.
 */

import type { PowerFacts } from './power/power-policy';

/** Encrypts the MSAL token cache at rest. Electron: safeStorage. Node: identity, with a warning. */
export interface SecretBox {
  /** 'encrypted' = OS protection; 'plaintext' = stored as is (user accepted, or Node CLI). */
  readonly protection: 'encrypted' | 'plaintext' | 'unavailable';
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

/** Moves a file or folder to the OS trash (Electron shell.trashItem; Node: the `trash` package). */
export interface Trash {
  trash(absolutePath: string): Promise<void>;
}

/** Opens a URL in the system browser (allow-listed in Electron). */
export interface BrowserOpener {
  open(url: string): Promise<void>;
}

/** A yes/no question put to the user where the renderer cannot answer it for them. */
export interface ConfirmQuestion {
  title: string;
  message: string;
  /** What happens if the user says yes, in plain words. */
  detail: string;
  /** The label of the "yes" button; "no" is always Cancel. */
  confirmLabel: string;
}

/**
 * Asks the user to confirm a change that sends tokens or files somewhere new. The app asks in a native dialog
 * shown by main (the renderer can request the change, never approve it); the CLI takes `--yes` or a y/N prompt on
 * a terminal; the e2e bridge answers as the test says. Resolves false when the user declines.
 */
export interface Confirmer {
  confirm(q: ConfirmQuestion): Promise<boolean>;
}

/** Machine suspend/resume (Electron powerMonitor). The CLI has none. */
export interface PowerEvents {
  on(event: 'suspend' | 'resume', listener: () => void): () => void;
}

/**
 * The machine's power and network facts for the power policy (power/power-policy.ts): Electron's powerMonitor in
 * the app (main/app/power-source.ts). The CLI has none: its commands run on demand, and `run` syncs whatever the
 * power (a server has no battery to save).
 */
export interface PowerSource {
  read(): PowerFacts;
  /** Called whenever a fact may have changed (plugged in or out, battery level, connection). */
  onChange(listener: () => void): () => void;
}

export type TimerHandle = { readonly __timer: unique symbol } | ReturnType<typeof setTimeout>;

/** Time, injected so the scheduler and backoff are tested with a fake clock. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export type LogFields = Record<string, unknown>;

/** Structured logger (pino underneath). Never pass tokens; redaction is the last line of defence. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(bindings: LogFields): Logger;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
