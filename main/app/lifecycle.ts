/**
 * App lifecycle: one instance only (a second launch focuses the first), the app stays alive with no window
 * (the tray keeps it), and Quit stops the core cleanly before the process exits.
 */
import type { App } from 'electron';

type AppLike = Pick<App, 'requestSingleInstanceLock' | 'quit' | 'exit' | 'on'>;

/** Takes the single-instance lock; false means another instance runs (it is told to show itself). */
export function setupSingleInstance(app: AppLike, onSecondInstance: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => onSecondInstance());
  return true;
}

export interface QuitOptions {
  /** Stops the scheduler and flushes the store. */
  shutdown(): Promise<void>;
  /** Give up waiting for a stuck shutdown after this long. */
  timeoutMs?: number;
  onError?(error: unknown): void;
}

/** Returns isQuitting(): the window's close handler hides instead of closing until Quit was chosen. */
export function setupQuit(app: AppLike, { shutdown, timeoutMs = 10_000, onError }: QuitOptions): { isQuitting(): boolean } {
  let quitting = false;
  let stopped = false;
  let stopping: Promise<void> | null = null;

  // Closing the last window is not quitting: syncing continues from the tray.
  app.on('window-all-closed', () => {});
  app.on('before-quit', (event) => {
    quitting = true;
    if (stopped) return;
    event.preventDefault();
    stopping ??= Promise.race([shutdown(), new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref?.())])
      .catch((e: unknown) => onError?.(e))
      .finally(() => {
        stopped = true;
        app.quit();
      });
  });
  return { isQuitting: () => quitting };
}
