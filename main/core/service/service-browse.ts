/**
 * What a profile can mirror, for the add-sync browser and `onedrive-mirror browse`: My files, shared folders
 * added to My files, a pasted sharing link, SharePoint sites (followed or searched) and their libraries, and the
 * folders inside any of them. Graph calls are graph/browse.ts on the profile's client (sites on the client whose
 * token carries Sites.Read.All); both pass the profile's one throttle gate.
 */
import type { SourceEntry } from '../../../shared/model';
import { AppError } from '../errors';
import { browseChildren, browseShared, browseSiteLibraries, browseSites, resolveLink } from '../graph/browse';
import type { ServiceContext } from './service-context';

export type BrowseRequest =
  | { kind: 'mine'; itemId: string | null }
  | { kind: 'shared' }
  | { kind: 'link'; url: string }
  | { kind: 'sites'; search: string | null }
  | { kind: 'site'; siteId: string }
  | { kind: 'drive'; driveId: string; itemId?: string; path?: string };

export interface BrowseResult {
  /** What is listed ("Shared with me", a site's name, a folder). */
  title: string;
  /** The listed folder itself, when the listing is a folder (its drive and item are what `sync add` takes). */
  folder: SourceEntry | null;
  entries: SourceEntry[];
}

const byKindThenName = (a: SourceEntry, b: SourceEntry): number =>
  a.isFolder === b.isFolder ? a.name.localeCompare(b.name) : a.isFolder ? -1 : 1;

export async function browseSources(ctx: ServiceContext, profileId: string, req: BrowseRequest): Promise<BrowseResult> {
  const profile = ctx.profile(profileId);
  const client = ctx.clientFor(profileId);
  const own = profile.drive;
  switch (req.kind) {
    case 'mine': {
      if (!own) throw new AppError('reconnect_required', 'Connect this profile first.');
      const at = req.itemId ? { itemId: req.itemId } : { path: '' };
      const { folder, entries } = await browseChildren(client, own.id, at, own.driveType);
      return {
        title: folder.name === 'root' ? 'My files' : folder.name,
        folder,
        entries: entries.sort(byKindThenName),
      };
    }
    case 'shared': {
      if (!own) throw new AppError('reconnect_required', 'Connect this profile first.');
      return {
        title: 'Shared with me',
        folder: null,
        entries: (await browseShared(client, own.id)).sort(byKindThenName),
      };
    }
    case 'link': {
      const entry = await resolveLink(client, req.url);
      return { title: entry.name, folder: null, entries: [entry] };
    }
    case 'sites':
    case 'site': {
      if (own?.driveType === 'personal')
        throw new AppError(
          'bad_input',
          'SharePoint sites need a work or school account; this profile is a personal Microsoft account.',
        );
      const sites = ctx.sitesClientFor(profileId);
      if (req.kind === 'sites') {
        const found = await browseSites(sites, req.search);
        return {
          title: req.search ? `Sites matching "${req.search}"` : 'Followed sites',
          folder: null,
          entries: found,
        };
      }
      const { site, libraries } = await browseSiteLibraries(sites, req.siteId);
      return { title: site.name, folder: null, entries: libraries };
    }
    case 'drive': {
      const at = req.itemId ? { itemId: req.itemId } : { path: req.path ?? '' };
      const { folder, entries } = await browseChildren(client, req.driveId, at);
      if (!folder.isFolder) return { title: folder.name, folder, entries: [] };
      return { title: folder.name, folder, entries: entries.sort(byKindThenName) };
    }
  }
}
