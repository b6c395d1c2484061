/**
 * The real core for the bridge, composed with Node ports like the CLI: plaintext token files, the `trash`
 * package, and a browser opener that RECORDS sign-in URLs, so a Playwright spec can open them in its own page
 * (the fake cloud's authorize page) and a manual run prints them.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import trash from 'trash';
import { createCore, type Core } from '../../main/core/compose';
import { createLogger } from '../../main/core/log/logger';
import type { BrowserOpener, ConfirmQuestion, Confirmer, Trash } from '../../main/core/ports';
import { createNodeSecretBox } from '../../main/cli/secret-box-node';
import { lazySocketIoTransport } from '../../main/core/live/lazy-transport';

export interface RecordingOpener extends BrowserOpener {
  readonly opened: readonly string[];
  /** Resolves with the next URL the core opens (or the latest one not taken yet). */
  next(timeoutMs?: number): Promise<string>;
}

export function createRecordingOpener(onOpen?: (url: string) => void): RecordingOpener {
  const opened: string[] = [];
  let taken = 0;
  const waiters: ((url: string) => void)[] = [];
  return {
    opened,
    async open(url) {
      opened.push(url);
      onOpen?.(url);
      const waiter = waiters.shift();
      if (waiter) {
        taken = opened.length;
        waiter(url);
      }
    },
    next(timeoutMs = 15_000) {
      if (taken < opened.length) return Promise.resolve(opened[taken++]!);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('The core opened no browser URL')), timeoutMs);
        waiters.push((url) => {
          clearTimeout(timer);
          resolve(url);
        });
      });
    },
  };
}

export interface BridgeCoreOptions {
  dataDir: string;
  version: string;
  /** ONEDRIVE_MIRROR_CLIENT_ID / _AUTHORITY / _GRAPH_URL point the core at the fake cloud. */
  env?: Record<string, string | undefined>;
  trash?: Trash;
  onOpen?: (url: string) => void;
  /** How the stand-in for main's native dialogs answers (default: yes). Tests can change it later via `confirmer`. */
  confirmAnswer?: boolean;
  /** Called with each question main would show in a native dialog (serve.ts prints them). */
  onConfirm?: (q: ConfirmQuestion) => void;
  /**
   * The fake cloud's CA for live-change sockets: socket.io's websocket does not use the in-process trust of
   * trustCaInProcess. Without it the bridge has no live changes: syncs use their interval.
   */
  liveCa?: string;
}

/**
 * Stands in for main's native confirmation dialog: answers as the test says and records the questions, so a spec
 * can check that a change was (or was not) put to the user.
 */
export interface AutoConfirmer extends Confirmer {
  answer: boolean;
  readonly asked: ConfirmQuestion[];
}

export function createAutoConfirmer(answer = true, onConfirm?: (q: ConfirmQuestion) => void): AutoConfirmer {
  const c: AutoConfirmer = {
    answer,
    asked: [],
    async confirm(q) {
      c.asked.push(q);
      onConfirm?.(q);
      return c.answer;
    },
  };
  return c;
}

export interface BridgeCore extends Core {
  opener: RecordingOpener;
  /** Folders the UI asked to open (sync:openLocal, app:openLogs). */
  openedPaths: string[];
  confirmer: AutoConfirmer;
}

export async function createBridgeCore(o: BridgeCoreOptions): Promise<BridgeCore> {
  await mkdir(o.dataDir, { recursive: true });
  const logger = createLogger({ dir: path.join(o.dataDir, 'logs'), name: 'bridge' });
  const secretBox = createNodeSecretBox(logger);
  const opener = createRecordingOpener(o.onOpen);
  const openedPaths: string[] = [];
  const confirmer = createAutoConfirmer(o.confirmAnswer ?? true, o.onConfirm);
  const core = await createCore({
    dataDir: o.dataDir,
    version: o.version,
    env: o.env ?? {},
    logger,
    secretBox: () => secretBox,
    trash: o.trash ?? { trash: (p) => trash(p, { glob: false }) },
    browserOpener: opener,
    shell: { openPath: async (p) => void openedPaths.push(p) },
    confirmer,
    isNetworkUp: async () => true,
    // Only with the CA: other specs count requests and runs, and would otherwise see sockets retrying.
    liveTransport: o.liveCa ? lazySocketIoTransport({ ca: o.liveCa }) : null,
  });
  return {
    ...core,
    opener,
    openedPaths,
    confirmer,
    shutdown: async () => {
      await core.shutdown();
      await logger.flush();
    },
  };
}
