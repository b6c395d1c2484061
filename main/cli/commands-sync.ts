/** `sync add|edit|list|pause|resume|remove|confirm-deletes|keep-files|run`. */
import { type Command, InvalidArgumentError } from 'commander';
import { AppError } from '../core/errors';
import type { CliContext } from './program';
import { table } from './output';
import { statusText } from './sync-status-text';
import { liveText } from '../../shared/live-text';
import { resolveUserPath } from './user-path';
import { withCore } from './lazy-core';
import { EXIT_BAD_INPUT, EXIT_SIGN_IN, EXIT_SYNC_FAILED } from './exit-codes';
import type { ErrorCode, SyncView } from '../../shared/model';
import { describeRun } from '../core/service/run-summary-text';
import { createProgressPrinter, formatBytes, type ProgressSink } from './progress-text';
import { createCliConfirmer } from './cli-confirmer';

/** Progress goes to stderr (stdout stays the result lines): rewritten in place on a terminal, else a line every 10 s. */
function progressSink(env: Record<string, string | undefined>): ProgressSink {
  const seconds = Number(env.ONEDRIVE_MIRROR_PROGRESS_SECONDS);
  return {
    tty: Boolean(process.stderr.isTTY),
    write: (text) => void process.stderr.write(text),
    now: () => Date.now(),
    plainEveryMs: (Number.isFinite(seconds) && seconds > 0 ? seconds : 10) * 1000,
  };
}
import { applyExclusionOptions, exclusionOptions, exclusionsText, type ExclusionOptions } from './exclusion-options';
import { previewText } from './preview-text';

function minutes(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10080) throw new InvalidArgumentError('a whole number of minutes, 1 to 10080');
  return n;
}

export function registerSyncCommands(program: Command, cli: CliContext): void {
  const sync = program.command('sync').description('mirrors of a OneDrive folder or file into a local folder');

  exclusionOptions(
    sync
      .command('add')
      .description('mirror a OneDrive folder or file into a local folder')
      .requiredOption('--profile <name>', 'the profile whose account runs this sync')
      .option('--remote <path>', 'OneDrive path, e.g. /Documents/Reports (of --drive-id when given)')
      .option('--item-id <id>', 'OneDrive item id (instead of --remote)')
      .option('--drive-id <id>', "the drive (a shared folder's, a SharePoint library; see browse); default: my drive")
      .requiredOption('--local <dir>', 'local folder (created if missing)')
      .option('--interval <minutes>', 'minutes between runs (default: settings, 60)', minutes)
      .option('--allow-nonempty', 'mirror into a folder that already has files (same-name files become conflict copies)')
      .option('--json', 'machine-readable output'),
    false,
  ).action(
    (
      opts: {
        profile: string;
        remote?: string;
        itemId?: string;
        driveId?: string;
        local: string;
        interval?: number;
        allowNonempty?: boolean;
        json?: boolean;
      } & ExclusionOptions,
    ) =>
      withCore(cli, { write: true, tokens: true }, async (core) => {
        if (!opts.remote === !opts.itemId) throw new AppError('bad_input', 'Give exactly one of --remote PATH or --item-id ID.');
        const profile = core.service.findProfile(opts.profile); // by name: the contract takes ids
        const exclusions = applyExclusionOptions({ folders: [], patterns: [], maxFileSize: null }, opts);
        // Not sync:add: the CLI names the item by --remote path, and the folder typed here is the user's choice
        // (--allow-nonempty), where the app's renderer may only propose one (folder dialog grant or a question).
        const record = await core.service.syncs.add(
          {
            profileId: profile.id,
            ...(opts.driveId ? { driveId: opts.driveId } : {}),
            ...(opts.itemId ? { itemId: opts.itemId } : { remotePath: opts.remote }),
            localPath: resolveUserPath(opts.local, cli.env),
            ...(opts.interval ? { intervalMinutes: opts.interval } : {}),
            ...(exclusions ? { exclusions } : {}),
          },
          { by: 'command-line', allowNonEmpty: Boolean(opts.allowNonempty) },
        );
        const view = (await core.call('app:getState', {})).syncs.find((s) => s.id === record.id);
        if (opts.json) return cli.out.json(view);
        cli.out.line(
          `Added sync ${record.id}: ${record.source ?? record.itemPath} -> ${record.localPath} every ${record.intervalMinutes} min.`,
        );
      }),
  );

  exclusionOptions(
    sync
      .command('edit <id>')
      .description('change a sync: its interval and what it leaves out (takes effect on the next run)')
      .option('--interval <minutes>', 'minutes between runs', minutes)
      .option('--json', 'machine-readable output'),
    true,
  ).action((id: string, opts: { interval?: number; json?: boolean } & ExclusionOptions) =>
    withCore(cli, { write: true }, async (core) => {
      const c = core.service.findSync(id);
      const exclusions = applyExclusionOptions(c.exclusions, opts);
      if (!exclusions && !opts.interval)
        throw new AppError('bad_input', 'Nothing to change: give --interval or an exclusion option (see sync edit --help).');
      const view = await core.call('sync:update', {
        id: c.id,
        ...(opts.interval ? { intervalMinutes: opts.interval } : {}),
        ...(exclusions ? { exclusions } : {}),
      });
      if (opts.json) return cli.out.json(view);
      cli.out.line(`Changed sync ${view.id}: every ${view.intervalMinutes} min, excluding ${exclusionsText(view.exclusions)}.`);
    }),
  );

  sync
    .command('list')
    .description('list syncs with their status and last run')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      // The common case needs no store, logger or schema (they cost more than the listing): db.json read by hand.
      const { peekSyncViews } = await import('./sync-list-peek');
      const peeked = await peekSyncViews(cli.dataDir());
      if (peeked) return printSyncs(cli, await withLive(cli.dataDir(), peeked), opts.json);
      // No file, one to migrate, anything odd: the store validates, and says what is wrong.
      return withCore(cli, { write: false }, async (core) =>
        printSyncs(cli, await withLive(cli.dataDir(), (await core.call('app:getState', {})).syncs), opts.json),
      );
    });

  const simple = (
    name: string,
    description: string,
    act: (core: Parameters<Parameters<typeof withCore>[2]>[0], id: string) => Promise<string>,
  ) =>
    sync
      .command(`${name} <id>`)
      .description(description)
      .action((id: string) => withCore(cli, { write: true }, async (core) => cli.out.line(await act(core, id))));

  simple('pause', 'stop running this sync until resumed', async (core, id) => {
    const c = await core.call('sync:pause', { id });
    return `Paused ${c.itemPath}.`;
  });
  simple('resume', 'run this sync on its interval again', async (core, id) => {
    const c = await core.call('sync:resume', { id });
    return `Resumed ${c.itemPath}.`;
  });
  sync
    .command('remove <id>')
    .description('remove the sync (local files are kept unless --delete-local-files)')
    .option('--delete-local-files', 'also move the mirrored files to the trash')
    .action((id: string, opts: { deleteLocalFiles?: boolean }) =>
      withCore(cli, { write: true }, async (core) => {
        const c = core.service.findSync(id);
        await core.call('sync:remove', { id: c.id, deleteLocalFiles: Boolean(opts.deleteLocalFiles) });
        cli.out.line(
          `Removed sync of ${c.itemPath}; ${opts.deleteLocalFiles ? 'its files are in the trash' : `files kept in ${c.localPath}`}.`,
        );
      }),
    );
  simple('confirm-deletes', 'allow the deletions a stopped run asked about (stored until a run uses it)', async (core, id) => {
    const c = core.service.findSync(id);
    // The contract answers null: the count is that of the list being confirmed (the data dir is ours meanwhile).
    const n = (await core.call('sync:pendingDeletes', { id: c.id })).length;
    await core.call('sync:confirmDeletes', { id: c.id });
    return `Confirmed: the next run of ${c.itemPath} moves these ${n} file(s) to the trash (onedrive-mirror sync run ${c.id}); if it finds more or other files to delete, it asks again.`;
  });
  simple('keep-files', 'refuse the deletions a stopped run asked about: keep the files', async (core, id) => {
    const c = core.service.findSync(id);
    const n = (await core.call('sync:pendingDeletes', { id: c.id })).length;
    await core.call('sync:keepFiles', { id: c.id });
    return `Kept ${n} file(s) of ${c.itemPath} in ${c.localPath}; they are no longer part of the mirror.`;
  });

  sync
    .command('reset <id>')
    .description('forget what the sync knows and download everything again (nothing local is deleted)')
    .option('--yes', 'go ahead without asking')
    .action((id: string, opts: { yes?: boolean }) => {
      const confirmer = createCliConfirmer({ yes: Boolean(opts.yes), interactive: Boolean(process.stdin.isTTY), out: cli.out });
      return withCore(cli, { write: true }, async (core) => {
        const c = core.service.findSync(id);
        const size = await core.call('sync:resetSize', { id: c.id });
        const ok = await confirmer.confirm({
          title: 'Download everything again?',
          message: `Reset ${c.itemPath}: the next run downloads everything again into ${c.localPath} (${size.files} file${size.files === 1 ? '' : 's'}, ${formatBytes(size.bytes)} at its last listing).`,
          detail:
            'Nothing local is deleted: files still there with the same content are kept, a file with other content becomes a conflict copy.',
          confirmLabel: 'Reset',
        });
        if (!ok) return cli.out.line('Nothing was changed.');
        await core.call('sync:reset', { id: c.id });
        cli.out.line(
          c.status === 'inactive'
            ? `Reset ${c.itemPath}. It is paused: onedrive-mirror sync resume ${c.id}, then onedrive-mirror sync run ${c.id}.`
            : `Reset ${c.itemPath}. Download everything now: onedrive-mirror sync run ${c.id}`,
        );
      });
    });

  sync
    .command('run [ids...]')
    .description('run syncs now and wait (all but paused ones when no id is given)')
    .option('--json', 'machine-readable output')
    .option('--dry-run', 'only say what a run would download, trash, rename and set aside; nothing is written')
    .action((ids: string[], opts: { json?: boolean; dryRun?: boolean }) =>
      withCore(cli, { write: true, cancellable: true, tokens: true, engine: true }, async (core) => {
        if (opts.dryRun) return dryRun(cli, core, ids, Boolean(opts.json));
        const stop = core.interrupted;
        // The snapshot read directly, not app:getState: a no-change run (a cron job's) calls no contract command,
        // so it never loads the contract's schemas (docs/architecture.md, One service surface).
        const targets = ids.length
          ? ids.map((id) => core.service.findSync(id))
          : // Syncs in error are the ones to retry (a cron job must keep seeing the failure); paused ones wait.
            core.service.getState().syncs.filter((s) => s.status === 'active' || s.status === 'error');
        const results = [];
        for (const target of targets) {
          if (stop.aborted) break;
          const printer = opts.json ? null : createProgressPrinter(target.itemPath, progressSink(cli.env));
          // Not sync:now (which queues a run and answers at once): the CLI waits for the outcome, prints progress
          // and stops the run on Ctrl+C.
          const result = await core.service.runOnce(target.id, stop, (p) => printer?.update(p));
          printer?.end();
          results.push(result);
          // A run that could not get every file is a failed run for a script, even though it kept what it got.
          const partial = result.ok && result.summary?.result === 'partial';
          if (!result.ok) cli.setExitCode(exitFor(result.code));
          else if (partial) cli.setExitCode(EXIT_SYNC_FAILED);
          if (!opts.json) {
            const text = result.summary ? describeRun(result.summary) : (result.message ?? '');
            cli.out.line(
              `${result.ok && !partial ? 'ok  ' : 'FAIL'} ${target.source ?? target.itemPath} -> ${target.localPath}: ${text}`,
            );
            if (result.code === 'source_gone') {
              cli.out.line(`  Your files were kept. Keep them and remove the sync: onedrive-mirror sync remove ${target.id}`);
              cli.out.line(`  Try again: onedrive-mirror sync run ${target.id}`);
            }
            for (const note of partial ? result.summary!.notes.filter((n) => n.startsWith('Failed: ')) : []) {
              cli.out.line(`  ${note}`);
            }
            for (const s of result.summary?.skipped ?? []) cli.out.line(`  Skipped: ${s.path} (${s.reason})`);
            const hint = result.ok ? null : failureHint(result.code, target.id);
            if (hint) cli.out.line(`  ${hint}`);
          }
        }
        if (opts.json) cli.out.json(results);
        const signedOut = new Set(
          results.filter((r) => r.code === 'reconnect_required').map((r) => core.service.findSync(r.id).profileId),
        );
        const after = core.service.getState();
        for (const p of after.profiles.filter((x) => signedOut.has(x.id))) {
          cli.out.error(`Sign in again to resume: onedrive-mirror profile login ${quote(p.name)} [--device-code]`);
        }
        if (stop.aborted) {
          cli.setExitCode(EXIT_SYNC_FAILED);
          cli.out.error(
            `Interrupted by ${core.interruptedBy() ?? 'a signal'}: stopped cleanly; the next run continues where this one stopped.`,
          );
        } else if (!opts.json && ids.length === 0) {
          const paused = after.syncs.filter((s) => s.status === 'inactive');
          if (targets.length === 0 && paused.length === 0)
            cli.out.line('No syncs to run. Add one: onedrive-mirror sync add --help');
          else if (targets.length === 0) cli.out.line('No active syncs to run.');
          for (const s of paused)
            cli.out.line(`paused ${s.itemPath} (not run): resume it with onedrive-mirror sync resume ${s.id}`);
        }
      }),
    );
}

/** The command that gets a failed sync going again, with its id (sign-in is named per profile by the caller). */
function failureHint(code: ErrorCode | null, id: string): string | null {
  switch (code) {
    case 'local_missing':
      return `If you emptied or removed the folder on purpose, download everything again: onedrive-mirror sync reset ${id}`;
    case 'confirm_deletes':
      return `Review: onedrive-mirror sync confirm-deletes ${id} (then sync run), or onedrive-mirror sync keep-files ${id}`;
    case 'bad_input':
      return `Resume it: onedrive-mirror sync resume ${id}`;
    default:
      return null;
  }
}

/** Under `sync list`: what to type for a sync that waits for the user. */
function nextStep(s: SyncView): string | null {
  if (s.status === 'inactive') return `paused; resume with onedrive-mirror sync resume ${s.id}`;
  if (s.status !== 'error') return null;
  return failureHint(s.errorCode, s.id) ?? `${s.errorMessage ?? s.errorCode}; retry with onedrive-mirror sync run ${s.id}`;
}

/** `sync run --dry-run`: the preview of each sync; exit 1 when a sync's downloads would not fit on its disk. */
async function dryRun(
  cli: CliContext,
  core: Parameters<Parameters<typeof withCore>[2]>[0],
  ids: string[],
  json: boolean,
): Promise<void> {
  if (ids.length === 0) throw new AppError('bad_input', 'Name the sync to preview: onedrive-mirror sync run ID --dry-run');
  const out = [];
  for (const id of ids) {
    const c = core.service.findSync(id);
    const p = await core.call('sync:preview', { id: c.id }); // Ctrl+C reaches it through the call's signal
    if (p.freeBytesAfter < 0) cli.setExitCode(EXIT_SYNC_FAILED);
    out.push({ id: c.id, ...p });
    if (!json) cli.out.line(`${c.itemPath} -> ${c.localPath}: ${previewText(p)}`);
  }
  if (json) cli.out.json(ids.length === 1 ? { ...out[0], id: undefined } : out);
}

function quote(s: string): string {
  return /^[\w.-]+$/.test(s) ? s : JSON.stringify(s);
}

/** `sync run`: 3 when an account must sign in again, 2 for a paused/invalid target, else 1. */
function exitFor(code: ErrorCode | null): number {
  if (code === 'reconnect_required') return EXIT_SIGN_IN;
  if (code === 'bad_input') return EXIT_BAD_INPUT;
  return EXIT_SYNC_FAILED;
}

/** Live status belongs to the process that owns the data dir (the app or `run`), if one is running. */
async function withLive(dataDir: string, syncs: SyncView[]): Promise<SyncView[]> {
  const { readLiveStatus } = await import('../core/live/status-file');
  const published = await readLiveStatus(dataDir);
  return published ? syncs.map((s) => ({ ...s, ...published.syncs[s.id] })) : syncs;
}

function printSyncs(cli: CliContext, syncs: SyncView[], json: boolean | undefined): void {
  if (json) return cli.out.json(syncs);
  if (syncs.length === 0) return cli.out.line('No syncs yet. Add one: onedrive-mirror sync add --help');
  cli.out.line(
    table([
      ['ID', 'STATUS', 'ONEDRIVE', 'LOCAL', 'CHANGES', 'LAST SYNC', 'EXCLUDED'],
      ...syncs.map((s) => [
        s.id,
        statusText(s),
        s.source ?? s.itemPath,
        s.localPath,
        liveText(s) ?? `every ${s.intervalMinutes} min`,
        s.lastSyncAt ? `${s.lastSyncAt} ${s.lastSyncStatus ?? ''}` : 'never',
        exclusionsText(s.exclusions),
      ]),
    ]),
  );
  for (const s of syncs) {
    const next = nextStep(s);
    if (next) cli.out.line(`${s.id}: ${next}`);
  }
}
