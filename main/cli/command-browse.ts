/**
 * `browse`: what a profile can mirror, with the ids `sync add --drive-id ID --item-id ID` takes. My files by
 * default; --shared (folders others shared that you added to My files), --link URL, --sites [--search TEXT],
 * --site SITE-ID (its document libraries), --drive-id ID [--item-id ID | --path PATH] (a folder of any drive).
 * SharePoint needs Sites.Read.All: the first time, the account is asked for it with a device code.
 */
import type { Command } from 'commander';
import type { SourceEntry } from '../../shared/model';
import { AppError, isAppError } from '../core/errors';
import type { BrowseRequest, BrowseResult } from '../core/service/service-browse';
import { table } from './output';
import type { CliContext } from './program';
import { withCore } from './lazy-core';

interface BrowseOptions {
  profile: string;
  shared?: boolean;
  link?: string;
  sites?: boolean;
  search?: string;
  site?: string;
  driveId?: string;
  itemId?: string;
  path?: string;
  json?: boolean;
}

/** The one listing the options ask for; more than one of them is bad usage. */
export function browseRequest(o: BrowseOptions): BrowseRequest {
  const chosen = [o.shared, o.link, o.sites, o.site, o.driveId].filter((x) => x !== undefined && x !== false);
  if (chosen.length > 1) throw new AppError('bad_input', 'Give at most one of --shared, --link, --sites, --site, --drive-id.');
  if (o.search !== undefined && !o.sites) throw new AppError('bad_input', '--search goes with --sites.');
  if ((o.itemId !== undefined || o.path !== undefined) && !o.driveId)
    throw new AppError(
      'bad_input',
      '--item-id and --path go with --drive-id (my files: give --drive-id of your own drive, or nothing).',
    );
  if (o.itemId !== undefined && o.path !== undefined) throw new AppError('bad_input', 'Give --item-id or --path, not both.');
  if (o.shared) return { kind: 'shared' };
  if (o.link !== undefined) return { kind: 'link', url: o.link };
  if (o.sites) return { kind: 'sites', search: o.search ?? null };
  if (o.site !== undefined) return { kind: 'site', siteId: o.site };
  if (o.driveId !== undefined)
    return {
      kind: 'drive',
      driveId: o.driveId,
      ...(o.itemId ? { itemId: o.itemId } : { path: o.path ?? '' }),
    };
  return { kind: 'mine', itemId: null };
}

const kindText: Record<SourceEntry['kind'], string> = {
  folder: 'folder',
  file: 'file',
  shared: 'shared',
  site: 'site',
  library: 'library',
};

function render(result: BrowseResult, profile: string): string {
  const rows = result.entries.map((e) => [
    kindText[e.kind] + (e.kind === 'shared' && !e.isFolder ? ' file' : ''),
    e.name,
    e.kind === 'site' ? (e.siteId ?? '') : (e.driveId ?? ''),
    e.itemId ?? (e.kind === 'library' ? '(root)' : ''),
    e.owner ? (e.kind === 'shared' ? `shared by ${e.owner}` : e.owner) : '',
  ]);
  const lines = [result.title];
  if (result.folder?.driveId) lines.push(`  drive ${result.folder.driveId}  item ${result.folder.itemId ?? ''}`);
  lines.push(rows.length ? table([['KIND', 'NAME', 'DRIVE-ID / SITE-ID', 'ITEM-ID', 'FROM'], ...rows]) : '(nothing here)');
  const first = result.entries.find((e) => e.driveId && e.kind !== 'site');
  if (first) {
    const item = first.itemId ? `--item-id ${first.itemId}` : '--remote /';
    const name = /^[\w.-]+$/.test(profile) ? profile : JSON.stringify(profile);
    lines.push(`Mirror one: onedrive-mirror sync add --profile ${name} --drive-id ${first.driveId} ${item} --local DIR`);
  }
  if (result.entries.some((e) => e.kind === 'site'))
    lines.push('Libraries of a site: onedrive-mirror browse --profile NAME --site SITE-ID');
  return lines.join('\n');
}

export function registerBrowseCommand(program: Command, cli: CliContext): void {
  program
    .command('browse')
    .description(
      'list what a profile can mirror (my files, shared with me, a link, SharePoint sites), with the ids sync add takes',
    )
    .requiredOption('--profile <name>', 'the profile whose account browses')
    .option('--shared', 'folders and files others shared with you that you added to My files')
    .option('--link <url>', 'what a sharing link opens')
    .option('--sites', 'SharePoint sites you follow (work accounts; asks for Sites.Read.All once)')
    .option('--search <text>', 'with --sites: search all sites you can reach')
    .option('--site <site-id>', "a site's document libraries")
    .option('--drive-id <id>', "a folder of this drive (a library, a shared folder's drive): its root, or --item-id / --path")
    .option('--item-id <id>', 'with --drive-id: the folder')
    .option('--path <path>', 'with --drive-id: the folder by path from the drive root')
    .option('--json', 'machine-readable output')
    .action((opts: BrowseOptions) =>
      withCore(cli, { write: true }, async (core) => {
        const request = browseRequest(opts);
        const profile = core.service.findProfile(opts.profile); // by name: the contract takes ids
        let result: BrowseResult;
        try {
          result = await core.call('browse:sources', { profileId: profile.id, request });
        } catch (e) {
          if (!isAppError(e, 'consent_required')) throw e;
          // Incremental consent: asked only now, the first time this account browses sites.
          cli.out.line('Browsing SharePoint sites needs the Sites.Read.All permission. Grant it by signing in once more:');
          // Not profile:grantSites: the app asks in the browser, a terminal gets a device code.
          await core.service.profiles.grantSites(profile.id, (message) => cli.out.line(message));
          result = await core.call('browse:sources', { profileId: profile.id, request });
        }
        if (opts.json) return cli.out.json(result);
        cli.out.line(render(result, profile.name));
      }),
    );
}
