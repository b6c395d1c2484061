import { describe, expect, it } from 'vitest';
import type { DriveItem } from '../graph/types';
import { isDeleted, normalize } from './normalize';

const file: DriveItem = {
  id: 'F!2',
  name: 'report.pdf',
  eTag: 'e1',
  cTag: 'c1',
  size: 1234,
  lastModifiedDateTime: '2024-05-01T10:00:00Z',
  fileSystemInfo: { lastModifiedDateTime: '2024-04-30T08:00:00.5Z' },
  parentReference: { id: 'F!1', driveId: 'd' },
  file: { hashes: { quickXorHash: 'q==', sha1Hash: 'abcd' } },
  '@microsoft.graph.downloadUrl': 'https://dl/x',
};

describe('normalize', () => {
  it('keeps what sync needs from a file, preferring the file system mtime (no tags beside a QuickXorHash)', () => {
    expect(normalize(file, 'F!1')).toEqual({
      id: 'F!2',
      parentId: 'F!1',
      name: 'report.pdf',
      kind: 'file',
      size: 1234,
      eTag: null,
      cTag: null,
      mtimeMs: Date.parse('2024-04-30T08:00:00.5Z'),
      hashes: { quickXorHash: 'q==' },
      downloadUrl: 'https://dl/x',
    });
  });

  it('keeps the tags of a file without a QuickXorHash, the only way to tell a change', () => {
    const unhashed = normalize({ ...file, file: { hashes: { sha1Hash: 'ab' } } }, 'F!1');
    expect(unhashed).toMatchObject({ eTag: 'e1', cTag: 'c1' });
  });

  it('keeps only the hash a download is checked with: QuickXorHash, else SHA-1, else SHA-256', () => {
    const withHashes = (hashes: Record<string, string>) => normalize({ ...file, file: { hashes } }, 'F!1').hashes;
    expect(withHashes({ quickXorHash: 'q==', sha1Hash: 'ab', sha256Hash: 'cd' })).toEqual({ quickXorHash: 'q==' });
    expect(withHashes({ sha1Hash: 'ab', sha256Hash: 'cd' })).toEqual({ sha1Hash: 'AB' });
    expect(withHashes({ sha256Hash: 'cd' })).toEqual({ sha256Hash: 'CD' });
  });

  it('falls back to the service mtime, then to 0', () => {
    expect(normalize({ ...file, fileSystemInfo: undefined }, 'r').mtimeMs).toBe(Date.parse('2024-05-01T10:00:00Z'));
    expect(normalize({ id: 'x', file: {} }, 'r').mtimeMs).toBe(0);
  });

  it('gives the synced root no parent, and folders no size or download URL', () => {
    const root = normalize(
      { id: 'F!1', name: 'Docs', folder: { childCount: 3 }, size: 999, parentReference: { id: 'up' } },
      'F!1',
    );
    expect(root).toMatchObject({ parentId: null, kind: 'folder', size: 0, downloadUrl: null });
  });

  it('treats a OneNote package as a folder', () => {
    expect(normalize({ id: 'n', name: 'Notebook', package: { type: 'oneNote' } }, 'r').kind).toBe('folder');
  });

  it('recognizes deleted items even when they carry only an id', () => {
    expect(isDeleted({ id: 'x', deleted: {} })).toBe(true);
    expect(isDeleted(file)).toBe(false);
  });
});
