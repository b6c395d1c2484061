/**
 * One service surface: a CLI command that maps to a contract command reaches SyncService's handler through the
 * dispatcher the IPC router and the e2e bridge use (core/service/dispatch.ts), never by calling the service's
 * command classes itself. The CLI runs in-process on a fresh data dir per command; the dispatcher is wrapped to
 * record the contract commands that came through it, and the service's command methods to record every call made
 * outside it. Every CLI command is listed, so a new one must say which contract commands it uses, or which direct
 * call it keeps (docs/architecture.md, One service surface, says why for each).
 */
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Command } from 'commander';
import type { CommandName } from '../../shared/ipc';
import { silentLogger } from '../core/ports';
import { openDbStore } from '../core/store/db-store';
import { syncConfig } from '../core/testing/sync-config';
import { useTempDirs } from '../core/testing/temp-dirs';
import { ProfileCommands } from '../core/service/service-profiles';
import { SyncCommands } from '../core/service/service-syncs';
import { CloudCommands } from '../core/service/service-cloud';
import { SyncService } from '../core/service/service';
import { buildProgram, runCli } from './program';
import type * as Dispatch from '../core/service/dispatch';

const seen = vi.hoisted(() => ({ dispatched: [] as string[], inDispatch: 0 }));

vi.mock('../core/service/dispatch', async (importOriginal) => {
  const real = await importOriginal<typeof Dispatch>();
  return {
    ...real,
    dispatchCommand: async (...args: Parameters<typeof real.dispatchCommand>) => {
      seen.dispatched.push(args[1]);
      seen.inDispatch++;
      try {
        return await real.dispatchCommand(...args);
      } finally {
        seen.inDispatch--;
      }
    },
  };
});

/** Outermost calls of the service's command methods made outside the dispatcher, as `class.method`. */
const direct: string[] = [];
let serviceDepth = 0;

function watch(proto: object, label: string, only?: string[]): void {
  const names = only ?? Object.getOwnPropertyNames(proto).filter((n) => n !== 'constructor');
  for (const name of names) {
    const original = (proto as Record<string, unknown>)[name];
    if (typeof original !== 'function') continue;
    vi.spyOn(proto as Record<string, (...a: unknown[]) => unknown>, name).mockImplementation(function (
      this: unknown,
      ...a: unknown[]
    ) {
      if (serviceDepth === 0 && seen.inDispatch === 0) direct.push(`${label}.${name}`);
      serviceDepth++;
      let result: unknown;
      try {
        result = (original as (...x: unknown[]) => unknown).apply(this, a);
      } catch (e) {
        serviceDepth--;
        throw e;
      }
      if (result instanceof Promise) return result.finally(() => serviceDepth--);
      serviceDepth--;
      return result;
    });
  }
}

beforeAll(() => {
  watch(ProfileCommands.prototype, 'profiles');
  watch(SyncCommands.prototype, 'syncs');
  watch(CloudCommands.prototype, 'cloud');
  // The facade's own work; findSync/findProfile (lookups by id prefix or name) and getState stay out of it.
  watch(SyncService.prototype, 'service', ['runOnce', 'preview', 'browseSources']);
});

afterEach(() => {
  seen.dispatched.length = 0;
  direct.length = 0;
});

const temp = useTempDirs();
const GUID = '11111111-2222-3333-4444-555555555555';

/** A data dir with one signed-in profile "alice" (no app registration: nothing can reach a network) and sync cfg1. */
async function seeded(): Promise<{ dataDir: string; mirror: string }> {
  const root = await temp.make('odm-surface-');
  const dataDir = path.join(root, 'data');
  const mirror = path.join(root, 'mirror');
  const store = await openDbStore({ dataDir, logger: silentLogger });
  store.update((d) => {
    d.profiles.push({
      id: 'p1',
      name: 'alice',
      authState: 'connected',
      account: { homeAccountId: 'h1', username: 'alice@example.com', tenantId: 't1' },
      drive: { id: 'd1', driveType: 'personal' },
      createdAt: new Date().toISOString(),
    });
    d.syncConfigs.push(syncConfig({ id: 'cfg1', profileId: 'p1', itemId: 'i1', driveId: 'd1', localPath: mirror }));
  });
  await store.close();
  return { dataDir, mirror };
}

interface Row {
  argv: (mirror: string) => string[];
  /** The contract commands that went through the dispatcher, in order. */
  contract: CommandName[];
  /** Service calls made outside it (the listed exceptions). */
  direct?: string[];
  env?: Record<string, string>;
}

const rows: Record<string, Row> = {
  'profile add': { argv: () => ['profile', 'add', 'bob'], contract: ['profile:add'] },
  'profile list': { argv: () => ['profile', 'list'], contract: ['app:getState'] },
  'profile logout': { argv: () => ['profile', 'logout', 'alice'], contract: ['profile:signOut'] },
  // No app registration here: both refuse before a browser or a network is used.
  'profile login': { argv: () => ['profile', 'login', 'alice'], contract: ['profile:connect'], env: { DISPLAY: ':0' } },
  'profile login --device-code': {
    argv: () => ['profile', 'login', 'alice', '--device-code'],
    contract: [],
    direct: ['profiles.connectWithDeviceCode'],
  },
  browse: { argv: () => ['browse', '--profile', 'alice', '--shared'], contract: ['browse:sources'] },
  'sync add': {
    argv: (m) => ['sync', 'add', '--profile', 'alice', '--remote', '/Docs', '--local', `${m}-2`],
    contract: [],
    direct: ['syncs.add'],
  },
  'sync edit': { argv: () => ['sync', 'edit', 'cfg1', '--interval', '5'], contract: ['sync:update'] },
  // db.json read by hand: no core, no command (start-up cost; the fallback reads app:getState).
  'sync list': { argv: () => ['sync', 'list'], contract: [] },
  'sync pause': { argv: () => ['sync', 'pause', 'cfg1'], contract: ['sync:pause'] },
  'sync resume': { argv: () => ['sync', 'resume', 'cfg1'], contract: ['sync:resume'] },
  'sync remove': { argv: () => ['sync', 'remove', 'cfg1'], contract: ['sync:remove'] },
  'sync confirm-deletes': {
    argv: () => ['sync', 'confirm-deletes', 'cfg1'],
    contract: ['sync:pendingDeletes', 'sync:confirmDeletes'],
  },
  'sync keep-files': { argv: () => ['sync', 'keep-files', 'cfg1'], contract: ['sync:pendingDeletes', 'sync:keepFiles'] },
  'sync reset': { argv: () => ['sync', 'reset', 'cfg1', '--yes'], contract: ['sync:resetSize', 'sync:reset'] },
  'sync run': { argv: () => ['sync', 'run', 'cfg1'], contract: [], direct: ['service.runOnce'] },
  'sync run --dry-run': { argv: () => ['sync', 'run', 'cfg1', '--dry-run'], contract: ['sync:preview'] },
  setup: { argv: () => ['setup', '--client-id', GUID, '--yes'], contract: [], direct: ['cloud.update'] },
  'settings get': { argv: () => ['settings', 'get'], contract: ['app:getState'] },
  'settings set': { argv: () => ['settings', 'set', 'big-delete-files', '5'], contract: ['settings:update'] },
};

/** Not run here, with why: e2e/cli runs them against the fake cloud. */
const notRunHere: Record<string, string> = {
  run: 'runs the scheduler until SIGINT/SIGTERM; it sends no command (start, state and runEnd events)',
};

function leafCommands(cmd: Command, prefix: string[] = []): string[] {
  return cmd.commands.flatMap((c) =>
    c.commands.length > 0 ? leafCommands(c, [...prefix, c.name()]) : [[...prefix, c.name()].join(' ')],
  );
}

describe('the CLI goes through the contract handlers', () => {
  it('lists every CLI command', () => {
    const { program } = buildProgram({ out: { line() {}, error() {}, json() {} }, env: {}, setExitCode() {} }, '0');
    const listed = new Set([...Object.keys(rows).map((r) => r.replace(/ --.*$/, '')), ...Object.keys(notRunHere)]);
    expect(leafCommands(program).filter((c) => !listed.has(c))).toEqual([]);
  });

  for (const [name, row] of Object.entries(rows)) {
    it(`${name}: ${row.contract.join(', ') || 'no contract command'}${row.direct ? `; direct ${row.direct.join(', ')}` : ''}`, async () => {
      const { dataDir, mirror } = await seeded();
      const lines: string[] = [];
      const out = { line: (t: string) => lines.push(t), error: (t: string) => lines.push(t), json: () => {} };
      const code = await runCli(row.argv(mirror), '0', out, { ONEDRIVE_MIRROR_DATA_DIR: dataDir, ...row.env });
      // Some end in an error value (not signed in here, nothing to confirm): the route is what this checks.
      expect([0, 1, 2, 3], lines.join('\n')).toContain(code);
      expect(seen.dispatched).toEqual(row.contract);
      expect(direct).toEqual(row.direct ?? []);
    }, 30_000);
  }
});
