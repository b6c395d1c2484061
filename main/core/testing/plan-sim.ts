/**
 * Test support for the planner: a strict in-memory file system that executes plan actions the way apply.ts
 * would, failing loudly on anything apply must never do (overwrite an unexpected file, rename onto a taken name,
 * trash a non-empty folder), plus builders for remote trees and change sets. Used by plan tests only.
 */
import type { ChangeSet, ManifestEntry, RemoteItem } from '../sync/types';
import type { Action, LocalStat, Plan } from '../sync/plan/plan-types';
import {
  buildRemoteTreeSteps,
  pathsToHashSteps,
  pathsToStatSteps,
  planSync,
  runSteps,
  type ExclusionFilter,
} from '../sync/plan/plan';
import fc from 'fast-check';
import { baseName, nameKey, parentOf } from '../sync/paths';

export interface SimNode {
  kind: 'file' | 'folder' | 'symlink';
  content: string;
  mtimeMs: number;
}

export class SimFs {
  /** key (case-folded when case-insensitive) -> real path + node */
  readonly entries = new Map<string, { path: string; node: SimNode }>();
  constructor(readonly ci: boolean) {}
  key(p: string): string {
    return nameKey(p, this.ci);
  }
  get(p: string): SimNode | undefined {
    return p === '' ? { kind: 'folder', content: '', mtimeMs: 0 } : this.entries.get(this.key(p))?.node;
  }
  realPath(p: string): string | undefined {
    return this.entries.get(this.key(p))?.path;
  }
  set(p: string, node: SimNode): void {
    const parent = this.get(parentOf(p));
    if (!parent || parent.kind !== 'folder') throw new Error(`sim: no parent folder for ${p}`);
    this.entries.set(this.key(p), { path: p, node });
  }
  children(p: string): string[] {
    const pre = p === '' ? '' : `${this.key(p)}/`;
    return [...this.entries.keys()].filter((k) => k.startsWith(pre) && !k.slice(pre.length).includes('/'));
  }
  rename(from: string, to: string): void {
    const src = this.entries.get(this.key(from));
    if (!src) throw new Error(`sim: rename source missing: ${from}`);
    if (this.get(to)) throw new Error(`sim: rename target taken: ${from} -> ${to}`);
    const parent = this.get(parentOf(to));
    if (!parent || parent.kind !== 'folder') throw new Error(`sim: rename target has no parent: ${to}`);
    if (this.key(to).startsWith(`${this.key(src.path)}/`)) throw new Error(`sim: rename into itself: ${from} -> ${to}`);
    const fromKey = this.key(src.path);
    const moved: [string, { path: string; node: SimNode }][] = [];
    for (const [k, v] of this.entries) {
      if (k === fromKey || k.startsWith(`${fromKey}/`)) moved.push([k, v]);
    }
    for (const [k] of moved) this.entries.delete(k);
    for (const [, v] of moved) {
      const rest = v.path.slice(src.path.length);
      const p = to + rest;
      this.entries.set(this.key(p), { path: p, node: v.node });
    }
  }
  remove(p: string): void {
    this.entries.delete(this.key(p));
  }
  stat(p: string): LocalStat | undefined {
    const n = this.get(p);
    if (!n) return undefined;
    return { kind: n.kind, size: n.content.length, mtimeMs: n.mtimeMs };
  }
  /** path -> content of every file, and '/' suffixed folders, using real (case-preserved) paths. */
  snapshot(): Map<string, string> {
    const out = new Map<string, string>();
    for (const { path, node } of this.entries.values()) out.set(node.kind === 'folder' ? `${path}/` : path, node.content);
    return out;
  }
}

/** Runs actions against the sim; returns the manifest apply would end with. */
export function applyToSim(fs: SimFs, plan: Plan, remoteContent: (item: RemoteItem) => string): Map<string, ManifestEntry> {
  const manifest = new Map(plan.nextManifest);
  for (const a of plan.actions) applyOne(fs, a, remoteContent, manifest);
  return manifest;
}

function sameStat(a: LocalStat | undefined, b: LocalStat | null): boolean {
  return !!a && !!b && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

function applyOne(fs: SimFs, a: Action, content: (item: RemoteItem) => string, manifest: Map<string, ManifestEntry>): void {
  switch (a.type) {
    case 'mkdir': {
      const cur = fs.get(a.path);
      if (cur && cur.kind !== 'folder') throw new Error(`sim: mkdir over a file: ${a.path}`);
      if (!cur) fs.set(a.path, { kind: 'folder', content: '', mtimeMs: 0 });
      return;
    }
    case 'move':
      fs.rename(a.from, a.to);
      return;
    case 'keep-as-conflict': {
      // Nothing there any more: nothing to set aside (apply does the same).
      if (!fs.stat(a.path)) return;
      fs.rename(a.path, a.conflictPath);
      return;
    }
    case 'download': {
      const cur = fs.stat(a.path);
      if (cur && !sameStat(cur, a.replaces)) throw new Error(`sim: download would overwrite an unexpected file: ${a.path}`);
      if (cur) fs.remove(a.path);
      const text = content(a.item);
      fs.set(a.path, { kind: 'file', content: text, mtimeMs: a.item.mtimeMs });
      const e = manifest.get(a.id);
      if (e) manifest.set(a.id, { ...e, localSize: text.length, localMtimeMs: a.item.mtimeMs });
      return;
    }
    case 'trash': {
      const cur = fs.stat(a.path);
      if (!cur) throw new Error(`sim: trash target missing: ${a.path}`);
      if (a.kind === 'file') {
        if (a.expect && !sameStat(cur, a.expect)) throw new Error(`sim: trash of a changed file: ${a.path}`);
        fs.remove(a.path);
      } else if (fs.children(a.path).length === 0) {
        fs.remove(a.path);
      } else if (a.keepAs) {
        fs.rename(a.path, a.keepAs);
      }
      return;
    }
    case 'forget':
      return;
  }
}

/** A remote file/folder in test trees; content stands in for bytes, its hash is derived from it. */
export interface RemoteSpec {
  id: string;
  parentId: string | null;
  name: string;
  kind: 'file' | 'folder';
  content?: string;
  mtimeMs?: number;
}

export function hashOf(content: string): string {
  return `h:${content}`;
}

export function toRemote(s: RemoteSpec): RemoteItem {
  const content = s.content ?? '';
  return {
    id: s.id,
    parentId: s.parentId,
    name: s.name,
    kind: s.kind,
    size: s.kind === 'file' ? content.length : 0,
    eTag: `e:${s.parentId}:${s.name}:${content}`,
    cTag: s.kind === 'file' ? `c:${content}` : null,
    mtimeMs: s.mtimeMs ?? 1_000,
    hashes: s.kind === 'file' ? { quickXorHash: hashOf(content) } : {},
    downloadUrl: s.kind === 'file' ? `https://dl.example/${s.id}` : null,
  };
}

export const contentOf = (item: RemoteItem): string => (item.hashes.quickXorHash ?? 'h:').slice(2);

export function fullChangeSet(rootId: string, items: RemoteSpec[]): ChangeSet {
  return { full: true, rootId, items: items.map(toRemote), removedIds: [], deltaLink: 'delta-1', requests: 1 };
}

export function deltaChangeSet(rootId: string, items: RemoteSpec[], removedIds: string[] = []): ChangeSet {
  return { full: false, rootId, items: items.map(toRemote), removedIds, deltaLink: 'delta-2', requests: 1 };
}

export interface SimRunOptions {
  ci?: boolean;
  platform?: NodeJS.Platform;
  nowMs?: number;
  /** The sync's exclusions (compileExclusions). */
  exclude?: ExclusionFilter | null;
}

/** Plans like the engine does (stat, hash, plan) against the sim. */
export function planAgainstSim(fs: SimFs, manifest: Map<string, ManifestEntry>, changes: ChangeSet, o: SimRunOptions = {}): Plan {
  const platform = o.platform ?? 'linux';
  const ci = o.ci ?? fs.ci;
  const exclude = o.exclude ?? null;
  const tree = runSteps(buildRemoteTreeSteps(manifest, changes, platform, ci, exclude));
  const local = new Map<string, LocalStat>();
  for (const p of runSteps(pathsToStatSteps(manifest, changes, platform, ci, tree))) {
    const s = fs.stat(p);
    if (s) local.set(p, s);
  }
  const localHashes = new Map<string, string>();
  for (const p of runSteps(pathsToHashSteps(manifest, changes, local, platform, ci, tree)))
    localHashes.set(p, hashOf(fs.get(p)!.content));
  return planSync({
    manifest,
    changes,
    local,
    localHashes,
    platform,
    caseInsensitive: ci,
    nowMs: o.nowMs ?? Date.UTC(2026, 10, 26, 17, 1, 2),
    tree,
    exclude,
  });
}

export function syncSim(
  fs: SimFs,
  manifest: Map<string, ManifestEntry>,
  changes: ChangeSet,
  o: SimRunOptions = {},
): { plan: Plan; manifest: Map<string, ManifestEntry> } {
  const plan = planAgainstSim(fs, manifest, changes, o);
  return { plan, manifest: applyToSim(fs, plan, contentOf) };
}

/** The tree a remote spec describes, as the sim's snapshot format. */
export function expectedTree(rootId: string, items: RemoteSpec[]): Map<string, string> {
  const byId = new Map(items.map((i) => [i.id, i]));
  const pathOf = (id: string): string => {
    const it = byId.get(id)!;
    if (it.parentId === null || it.parentId === rootId) return it.name;
    return `${pathOf(it.parentId)}/${it.name}`;
  };
  const out = new Map<string, string>();
  for (const it of items) {
    if (it.id === rootId) continue;
    const p = pathOf(it.id);
    out.set(it.kind === 'folder' ? `${p}/` : p, it.kind === 'file' ? (it.content ?? '') : '');
  }
  return out;
}

export function names(paths: Iterable<string>): string[] {
  return [...paths].map((p) => baseName(p.replace(/\/$/, ''))).sort();
}

const R = 'root';
const NAMES = ['a', 'b', 'c', 'A', 'B', 'd.txt', 'D.txt', 'e'];

export type Op =
  | { t: 'create'; folder: boolean; parent: number; name: number }
  | { t: 'rename'; item: number; name: number }
  | { t: 'move'; item: number; parent: number }
  | { t: 'delete'; item: number }
  | { t: 'modify'; item: number }
  | { t: 'swap'; a: number; b: number };

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constant('create' as const), folder: fc.boolean(), parent: fc.nat(), name: fc.nat() }),
  fc.record({ t: fc.constant('rename' as const), item: fc.nat(), name: fc.nat() }),
  fc.record({ t: fc.constant('move' as const), item: fc.nat(), parent: fc.nat() }),
  fc.record({ t: fc.constant('delete' as const), item: fc.nat() }),
  fc.record({ t: fc.constant('modify' as const), item: fc.nat() }),
  fc.record({ t: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
);

/** A remote drive driven by random operations; names stay unique per folder, case-insensitively (like OneDrive). */
export class Remote {
  items = new Map<string, RemoteSpec>([[R, { id: R, parentId: null, name: 'root', kind: 'folder' }]]);
  private seq = 0;
  constructor(private readonly ci = true) {}
  list(): RemoteSpec[] {
    return [...this.items.values()];
  }
  private nonRoot(i: number): RemoteSpec | undefined {
    const all = this.list().filter((x) => x.id !== R);
    return all.length ? all[i % all.length] : undefined;
  }
  private folder(i: number): RemoteSpec {
    const all = this.list().filter((x) => x.kind === 'folder');
    return all[i % all.length]!;
  }
  private taken(parentId: string, name: string, except?: string): boolean {
    return this.list().some((x) => x.parentId === parentId && x.id !== except && nameKey(x.name, true) === nameKey(name, true));
  }
  private inside(id: string, ancestor: string): boolean {
    for (let cur: string | null = id; cur; cur = this.items.get(cur)?.parentId ?? null) if (cur === ancestor) return true;
    return false;
  }
  private subtree(id: string): string[] {
    return this.list()
      .filter((x) => this.inside(x.id, id))
      .map((x) => x.id);
  }
  apply(op: Op): void {
    switch (op.t) {
      case 'create': {
        const parent = this.folder(op.parent);
        const name = NAMES[op.name % NAMES.length]!;
        if (this.taken(parent.id, name)) return;
        const id = `i${this.seq++}`;
        this.items.set(
          id,
          op.folder
            ? { id, parentId: parent.id, name, kind: 'folder' }
            : { id, parentId: parent.id, name, kind: 'file', content: `${id}.0`, mtimeMs: 1_000 },
        );
        return;
      }
      case 'rename': {
        const it = this.nonRoot(op.item);
        const name = NAMES[op.name % NAMES.length]!;
        if (!it || this.taken(it.parentId!, name, it.id)) return;
        this.items.set(it.id, { ...it, name });
        return;
      }
      case 'move': {
        const it = this.nonRoot(op.item);
        const parent = this.folder(op.parent);
        if (!it || this.inside(parent.id, it.id) || this.taken(parent.id, it.name, it.id)) return;
        this.items.set(it.id, { ...it, parentId: parent.id });
        return;
      }
      case 'delete': {
        const it = this.nonRoot(op.item);
        if (it) for (const id of this.subtree(it.id)) this.items.delete(id);
        return;
      }
      case 'modify': {
        const it = this.nonRoot(op.item);
        if (it?.kind === 'file') this.items.set(it.id, { ...it, content: `${it.id}.${this.seq++}`, mtimeMs: 2_000 + this.seq });
        return;
      }
      case 'swap': {
        const a = this.nonRoot(op.a);
        const b = this.nonRoot(op.b);
        if (!a || !b || a.id === b.id || a.parentId !== b.parentId) return;
        this.items.set(a.id, { ...a, name: b.name });
        this.items.set(b.id, { ...b, name: a.name });
        return;
      }
    }
  }
  changesSince(before: Map<string, RemoteSpec>, full: boolean, topOnlyDeletes: boolean): ChangeSet {
    if (full) return fullChangeSet(R, this.list());
    const changed = this.list().filter((x) => JSON.stringify(before.get(x.id)) !== JSON.stringify(x));
    let removed = [...before.keys()].filter((id) => !this.items.has(id));
    if (topOnlyDeletes) removed = removed.filter((id) => this.items.has(before.get(id)!.parentId ?? R));
    void this.ci;
    return deltaChangeSet(R, changed, removed);
  }
}
