/**
 * Test support for the Graph layer against the fake cloud: a DriveClient per account with a fake-clock gate, and a
 * tiny manifest that applies change sets the way the planner's tree does (by id, reachable from the root), so a
 * test can compare "what enumeration says the subtree is" with what the fake holds.
 */
import { createDriveClient, type DriveClient } from '../../main/core/graph/drive-client';
import { createFakeClock, type FakeClock } from '../../main/core/testing/fake-clock';
import { ThrottleGate } from '../../main/core/graph/throttle-gate';
import type { ChangeSet, ItemKind } from '../../main/core/sync/types';
import type { AccountInfo, FakeCloud } from '../fake-cloud';

export interface AccountClient {
  client: DriveClient;
  clock: FakeClock;
  gate: ThrottleGate;
}

export function clientFor(
  cloud: FakeCloud,
  account: AccountInfo,
  options: { fetch?: typeof fetch; gate?: ThrottleGate; clock?: FakeClock } = {},
): AccountClient {
  const clock = options.clock ?? createFakeClock(Date.now(), { auto: true });
  const gate = options.gate ?? new ThrottleGate(clock, { random: () => 0.5 });
  const client = createDriveClient({
    graphUrl: cloud.graphUrl,
    getToken: async () => cloud.control.issueAccessToken(account.accountId),
    gate,
    fetch: options.fetch,
    now: clock.now,
  });
  return { client, clock, gate };
}

interface Entry {
  parentId: string | null;
  name: string;
  kind: ItemKind;
}

/** The manifest side of enumeration tests: ids, parents and names, updated by change sets. */
export class MiniManifest {
  readonly entries = new Map<string, Entry>();
  deltaLink: string | null = null;

  constructor(readonly rootId: string) {}

  get knownIds(): ReadonlySet<string> {
    return new Set(this.entries.keys());
  }

  knownParent = (id: string): string | null | undefined => this.entries.get(id)?.parentId;

  apply(set: ChangeSet): void {
    if (set.full) this.entries.clear();
    for (const id of set.removedIds) this.entries.delete(id);
    for (const item of set.items) this.entries.set(item.id, { parentId: item.parentId, name: item.name, kind: item.kind });
    if (!this.entries.has(this.rootId)) this.entries.set(this.rootId, { parentId: null, name: '', kind: 'folder' });
    const paths = this.paths();
    for (const id of [...this.entries.keys()]) if (!paths.has(id)) this.entries.delete(id);
    this.deltaLink = set.deltaLink;
  }

  /** id -> path relative to the root ('' for the root), for items reachable from the root. */
  paths(): Map<string, string> {
    const out = new Map<string, string>([[this.rootId, '']]);
    const resolve = (id: string, seen: Set<string>): string | undefined => {
      const known = out.get(id);
      if (known !== undefined) return known;
      const e = this.entries.get(id);
      if (!e || e.parentId === null || seen.has(id)) return undefined;
      seen.add(id);
      const parent = resolve(e.parentId, seen);
      if (parent === undefined) return undefined;
      const path = parent === '' ? e.name : `${parent}/${e.name}`;
      out.set(id, path);
      return path;
    };
    for (const id of this.entries.keys()) resolve(id, new Set());
    return out;
  }

  /** Sorted relative paths, folders with a trailing '/'. */
  listing(): string[] {
    const paths = this.paths();
    return [...paths]
      .filter(([id]) => id !== this.rootId)
      .map(([id, p]) => (this.entries.get(id)!.kind === 'folder' ? `${p}/` : p))
      .sort();
  }
}

/** What the fake holds under `folderPath` ('' = drive root), in the same shape as MiniManifest.listing(). */
export function fakeListing(cloud: FakeCloud, account: AccountInfo, folderPath: string): string[] {
  const prefix = folderPath === '' ? '/' : `/${folderPath}/`;
  return cloud.control
    .list(account.accountId)
    .filter((i) => i.path.startsWith(prefix) && i.path !== '')
    .map((i) => `${i.path.slice(prefix.length)}${i.isFolder ? '/' : ''}`)
    .sort();
}
