/**
 * The raw limit for the initial-sync scenarios: the same download URLs, fetched with the same concurrency and
 * written to disk, with no hashing, no manifest, no temp names and no checks. Listing is done up front and not timed.
 * Two kinds: `fetch` streaming each body to its file (scenarios 1 and 2), and plain `node:https` with a keep-alive
 * agent and one write per file (the small-file CPU and latency scenarios: the cheapest a Node downloader gets).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import https from 'node:https';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

export interface RawListing {
  folders: string[];
  files: { path: string; url: string; size: number }[];
}

interface DeltaItem {
  id: string;
  name: string;
  size?: number;
  folder?: unknown;
  file?: unknown;
  deleted?: unknown;
  parentReference?: { id?: string };
  '@microsoft.graph.downloadUrl'?: string;
}

/** One delta enumeration of the folder (parents come first in a first delta listing), turned into relative paths. */
export async function listForRawDownload(o: {
  graphUrl: string;
  token: string;
  driveId: string;
  itemId: string;
}): Promise<RawListing> {
  const paths = new Map<string, string>([[o.itemId, '']]);
  const out: RawListing = { folders: [], files: [] };
  let url: string | undefined = `${o.graphUrl}/drives/${o.driveId}/items/${o.itemId}/delta`;
  while (url) {
    const res = await fetch(url, { headers: { Authorization: `Bearer ${o.token}` } });
    if (!res.ok) throw new Error(`delta ${res.status}`);
    const page = (await res.json()) as { value: DeltaItem[]; '@odata.nextLink'?: string };
    for (const it of page.value) {
      if (it.id === o.itemId || it.deleted) continue;
      const parent = paths.get(it.parentReference?.id ?? '');
      if (parent === undefined) throw new Error(`child before parent: ${it.name}`);
      const rel = parent ? `${parent}/${it.name}` : it.name;
      paths.set(it.id, rel);
      if (it.folder) out.folders.push(rel);
      else if (it.file && it['@microsoft.graph.downloadUrl'])
        out.files.push({ path: rel, url: it['@microsoft.graph.downloadUrl'], size: it.size ?? 0 });
    }
    url = page['@odata.nextLink'];
  }
  return out;
}

/** Fetches every file with `concurrency` workers and streams it to its path under `root`. Returns the bytes written. */
export async function rawDownload(listing: RawListing, root: string, concurrency: number): Promise<number> {
  await mkdir(root, { recursive: true });
  for (const f of listing.folders) await mkdir(path.join(root, f), { recursive: true });
  let next = 0;
  let bytes = 0;
  const worker = async (): Promise<void> => {
    while (next < listing.files.length) {
      const f = listing.files[next++]!;
      const res = await fetch(f.url);
      if (!res.ok || !res.body) throw new Error(`download ${res.status}: ${f.path}`);
      await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), createWriteStream(path.join(root, f.path)));
      bytes += f.size;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return bytes;
}

/**
 * Plain `node:https`: one keep-alive agent (`concurrency` sockets), each body gathered in memory and written with one
 * call. The CPU floor for many small files.
 */
export async function rawHttpsDownload(listing: RawListing, root: string, concurrency: number): Promise<number> {
  await mkdir(root, { recursive: true });
  for (const f of listing.folders) await mkdir(path.join(root, f), { recursive: true });
  const agent = new https.Agent({ keepAlive: true, maxSockets: concurrency });
  const get = (url: string): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      https
        .get(url, { agent }, (res) => {
          if (res.statusCode !== 200) {
            res.resume();
            return reject(new Error(`download ${res.statusCode}`));
          }
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
          res.on('error', reject);
        })
        .on('error', reject);
    });
  let next = 0;
  let bytes = 0;
  const worker = async (): Promise<void> => {
    while (next < listing.files.length) {
      const f = listing.files[next++]!;
      const body = await get(f.url);
      await writeFile(path.join(root, f.path), body);
      bytes += body.length;
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return bytes;
}
