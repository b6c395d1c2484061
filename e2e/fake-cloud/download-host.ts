import { contentSize, readContent } from './content';
import { liveItem } from './drive-model';
import { parseDownloadToken } from './item-json';
import { sendBody, type Ctx } from './respond';

function plain(ctx: Ctx, status: number, text: string, headers: Record<string, string> = {}): Promise<void> {
  const body = Buffer.from(text);
  return sendBody(ctx, status, { 'Content-Type': 'text/plain', ...headers }, body, body.length);
}

/** Parses a single `bytes=` range; undefined = no usable Range header, 'bad' = unsatisfiable. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'bad' | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'bad';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'bad';
  return { start, end };
}

// XOR the first byte of the body so the bytes no longer match the advertised hash.
function* corrupted(chunks: Iterable<Buffer>): Generator<Buffer> {
  let first = true;
  for (const chunk of chunks) {
    if (first && chunk.length > 0) {
      const copy = Buffer.from(chunk);
      copy[0] = copy[0]! ^ 0xff;
      first = false;
      yield copy;
    } else yield chunk;
  }
}

/** The separate download host: pre-authenticated URLs, no Authorization header allowed, Range support, expiry. */
export function handleDownload(ctx: Ctx): Promise<void> {
  const { state, req } = ctx;
  if (req.headers.authorization !== undefined)
    return plain(ctx, 401, 'Unauthorized: pre-authenticated download URLs must not carry an Authorization header.');
  const parsed = parseDownloadToken(state, ctx.url.searchParams.get('tempauth') ?? '');
  if (!parsed) return plain(ctx, 401, 'Unauthorized: bad tempauth.');
  if (parsed.generation !== state.downloadGeneration || parsed.expiresAt <= Date.now())
    return plain(ctx, 401, 'Unauthorized: the download URL has expired.');
  const record = state.drives.get(parsed.driveId.toLowerCase());
  const item = record && !record.deleted ? liveItem(record.drive, parsed.itemId) : undefined;
  if (!item?.content) return plain(ctx, 404, 'Not found.');
  const size = contentSize(item.content);
  const range = state.settings.ignoreRange ? undefined : parseRange(req.headers.range, size);
  const base = {
    'Content-Type': 'application/octet-stream',
    'Accept-Ranges': 'bytes',
    ETag: `"${item.id},${item.contentVersion}"`,
  };
  if (range === 'bad') return plain(ctx, 416, 'Requested range not satisfiable.', { 'Content-Range': `bytes */${size}` });
  const [status, start, end] = range ? [206, range.start, range.end + 1] : [200, 0, size];
  const headers: Record<string, string | number> = { ...base };
  if (range) headers['Content-Range'] = `bytes ${start}-${end - 1}/${size}`;
  if (req.method === 'HEAD') {
    ctx.res.writeHead(status, { ...headers, 'Content-Length': end - start });
    ctx.res.end();
    return Promise.resolve();
  }
  const chunks = readContent(item.content, start, end);
  return sendBody(ctx, status, headers, ctx.fault?.kind === 'corrupt' ? corrupted(chunks) : chunks, end - start);
}
