/**
 * The one logger of core, shell and CLI: pino writing JSON lines to `<dir>/<name>.log` (rotated by size) and
 * optionally to stdout. Everything passes through the scrubber first (messages, fields, errors, child
 * bindings), and pino's `redact` covers the well-known secret paths as a second net.
 */
import pino from 'pino';
import type { LogFields, Logger } from '../ports';
import { RotatingFile } from './rotating-file';
import { REDACTED, scrubText, scrubValue } from './scrub';

export interface LoggerOptions {
  /** Where log files go (normally `<dataDir>/logs`). Without it, nothing is written to a file. */
  dir?: string;
  /** debug | info | warn | error | silent (default info). */
  level?: string;
  /** Also write the JSON lines to stdout. */
  stdout?: boolean;
  /** File name without extension (default "app": app.log, app.log.1, ...). */
  name?: string;
  /** Rotate at this size (default 5 MB), keeping `keep` old files (default 5). */
  maxBytes?: number;
  keep?: number;
  /** How often the file's existence is checked (default 1 s). */
  checkEveryMs?: number;
}

export type FileLogger = Logger & {
  /** Resolves when every line so far is handed to the OS. */
  flush(): Promise<void>;
  /** Closes the file; later lines are dropped. */
  close(): void;
  readonly file: string | null;
};

const SECRET_FIELDS = [
  'authorization',
  'Authorization',
  'accessToken',
  'refreshToken',
  'idToken',
  'access_token',
  'refresh_token',
  'id_token',
  'token',
  'password',
  'code_verifier',
  'client_secret',
];
export const REDACT_PATHS = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((f) => `*.${f}`),
  'headers.authorization',
  'headers.Authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
];

const LEVELS = new Set(['debug', 'info', 'warn', 'error', 'silent']);

export function createLogger(opts: LoggerOptions = {}): FileLogger {
  const level = opts.level && LEVELS.has(opts.level) ? opts.level : 'info';
  const file = opts.dir
    ? new RotatingFile({
        dir: opts.dir,
        name: opts.name ?? 'app',
        maxBytes: opts.maxBytes,
        keep: opts.keep,
        checkEveryMs: opts.checkEveryMs,
      })
    : null;
  const toStdout = opts.stdout ?? false;
  const destination = {
    write(line: string) {
      file?.write(line);
      if (toStdout) process.stdout.write(line);
    },
  };
  const root = pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      // Errors arrive already turned into plain, scrubbed objects: keep them as they are.
      serializers: { err: (v: unknown) => v },
    },
    destination,
  );
  return Object.assign(wrap(root, {}), {
    flush: async () => {},
    close: () => file?.close(),
    file: file?.file ?? null,
  });
}

/**
 * `root` with `bound` as its bindings. A child is made from the root with the merged bindings, not from its parent:
 * pino appends a child's bindings to its parent's, so a key bound twice (component: 'auth' by the composer and again
 * by the auth manager) was written twice in one JSON line.
 */
function wrap(root: pino.Logger, bound: Record<string, unknown>): Logger {
  const p = Object.keys(bound).length > 0 ? root.child(bound) : root;
  const at =
    (method: 'debug' | 'info' | 'warn' | 'error') =>
    (msg: string, fields?: LogFields): void => {
      if (!p.isLevelEnabled(method)) return;
      p[method](fields ? (scrubValue(fields) as object) : {}, scrubText(msg));
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (bindings) => wrap(root, { ...bound, ...(scrubValue(bindings) as Record<string, unknown>) }),
  };
}
