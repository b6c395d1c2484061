/**
 * The main side of the typed IPC: every contract command is registered on its channel, only our own top-level
 * page may call, and the answer is always a Result value (nothing throws across IPC). Service events are
 * forwarded to the window on their event channels. No per-command code.
 */
import type { IpcMainInvokeEvent } from 'electron';
import {
  type CommandHandlers,
  commandChannel,
  commandNames,
  type EventName,
  eventChannel,
  eventNames,
  type Result,
} from '../../shared/ipc';
import type { Logger } from '../core/ports';
import { silentLogger } from '../core/ports';
import { dispatchCommand } from '../core/service/dispatch';
import { originOf } from './security';

/** The part of WebFrameMain the sender check reads. */
export interface SenderFrame {
  readonly url: string;
  readonly parent: SenderFrame | null;
}

type InvokeEvent = Pick<IpcMainInvokeEvent, 'senderFrame'> | { senderFrame: SenderFrame | null };

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface IpcRouterOptions {
  ipcMain: IpcMainLike;
  handlers: CommandHandlers;
  isTrustedSender(frame: SenderFrame): boolean;
  logger?: Logger;
  /** Check replies against the contract's output schemas (development and tests; off in packaged builds). */
  checkReplies?: boolean;
}

const refused: Result<never> = {
  ok: false,
  error: { code: 'access_denied', message: 'This page may not call OneDrive Mirror.' },
};

/** Registers every command; returns a function that removes them again. */
export function registerIpcRouter(o: IpcRouterOptions) {
  const { ipcMain, handlers, isTrustedSender, logger = silentLogger, checkReplies = false } = o;
  for (const name of commandNames) {
    const channel = commandChannel(name);
    ipcMain.removeHandler(channel);
    ipcMain.handle(channel, async (event, input) => {
      const frame = event.senderFrame as SenderFrame | null;
      if (!frame || !isTrustedSender(frame)) {
        logger.warn('refused IPC from a foreign frame', { command: name, url: frame?.url ?? null });
        return refused;
      }
      return dispatchCommand(handlers, name, input, logger, { checkReply: checkReplies });
    });
  }
  return () => {
    for (const name of commandNames) ipcMain.removeHandler(commandChannel(name));
  };
}

/**
 * Trusts only a top-level frame (no parent) whose URL is on one of our origins:
 * app://bundle in production, the Vite dev server in development.
 */
export function createSenderCheck(allowedOrigins: readonly string[]): (frame: SenderFrame) => boolean {
  const allowed = new Set(allowedOrigins.map(originOf).filter((o): o is string => o !== null));
  return (frame) => {
    // Top-level means no parent. (Not `frame.top === frame`: object identity of WebFrameMain wrappers is not
    // something to bet the whole API on.)
    if (frame.parent !== null) return false;
    const origin = originOf(frame.url);
    return origin !== null && allowed.has(origin);
  };
}

/** Anything with the service's `on` (kept loose: SyncService's emitter is typed by its own event map). */
export interface EventSource {
  on(event: EventName, listener: (payload: unknown) => void): () => void;
}

/** Sends every contract event from the service to the window (if it is still alive). */
export function forwardEvents(source: EventSource, send: (channel: string, payload: unknown) => void): () => void {
  const offs = eventNames.map((name) => source.on(name, (payload: unknown) => send(eventChannel(name), payload)));
  return () => offs.forEach((off) => off());
}
