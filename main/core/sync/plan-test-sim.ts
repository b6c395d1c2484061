/**
 * Test support for the planner: a strict in-memory file system that executes plan actions the way apply.ts
 * would, failing loudly on anything apply must never do (overwrite an unexpected file, rename onto a taken name,
 * trash a non-empty folder), plus builders for remote trees and change sets. Used by plan tests only.
 */
import type { ChangeSet, ManifestEntry, RemoteItem } from './types';
import type { Action, LocalStat, Plan } from './plan-types';
import { pathsToHash, pathsToStat, planSync } from './plan';
import { baseName, nameKey, parentOf } from './paths';

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
    case 'skip':
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
}

/** Plans like the engine does (stat, hash, plan) against the sim. */
export function planAgainstSim(fs: SimFs, manifest: Map<string, ManifestEntry>, changes: ChangeSet, o: SimRunOptions = {}): Plan {
  const platform = o.platform ?? 'linux';
  const ci = o.ci ?? fs.ci;
  const local = new Map<string, LocalStat>();
  for (const p of pathsToStat(manifest, changes, platform, ci)) {
    const s = fs.stat(p);
    if (s) local.set(p, s);
  }
  const localHashes = new Map<string, string>();
  for (const p of pathsToHash(manifest, changes, local, platform, ci)) localHashes.set(p, hashOf(fs.get(p)!.content));
  return planSync({ manifest, changes, local, localHashes, platform, caseInsensitive: ci, nowMs: o.nowMs ?? Date.UTC(2026, 10, 26, 17, 1, 2) });
}

export function syncSim(fs: SimFs, manifest: Map<string, ManifestEntry>, changes: ChangeSet, o: SimRunOptions = {}): { plan: Plan; manifest: Map<string, ManifestEntry> } {
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
