import { describe, expect, it } from 'vitest';
import {
  describePreview,
  exactSizeText,
  exclusionsDraft,
  exclusionsLabel,
  isFolderExcluded,
  readExclusionsDraft,
  sameExclusions,
  toggleFolder,
} from './exclusions-logic';

const none = { folders: [], patterns: [], maxFileSize: null };

describe('exclusions in the dialogs', () => {
  it('shows a stored size as text that reads back exactly', () => {
    expect(exactSizeText(10_000_000)).toBe('10MB');
    expect(exactSizeText(1.5 * 1024 ** 3)).toBe('1.5GiB');
    expect(exactSizeText(123_456_789)).toBe('123456789B');
    expect(exclusionsDraft({ folders: [], patterns: ['*.iso', 'tmp/'], maxFileSize: 2e9 })).toEqual({
      folders: [],
      patterns: '*.iso\ntmp/',
      maxSize: '2GB',
    });
  });

  it('reads patterns one per line (blank lines dropped) and sizes with units; says what is wrong', () => {
    expect(readExclusionsDraft({ folders: [], patterns: ' *.iso \n\n  build/\n', maxSize: '1.5GiB' })).toEqual({
      errors: {},
      exclusions: { folders: [], patterns: ['*.iso', 'build/'], maxFileSize: 1.5 * 1024 ** 3 },
    });
    expect(readExclusionsDraft({ folders: [], patterns: '', maxSize: '' }).exclusions).toEqual(none);
    expect(readExclusionsDraft({ folders: [], patterns: '', maxSize: 'big' }).errors.maxSize).toMatch(/10MB/);
    expect(readExclusionsDraft({ folders: [], patterns: '', maxSize: '0' }).errors.maxSize).toMatch(/at least 1 byte/);
    expect(readExclusionsDraft({ folders: [], patterns: 'x'.repeat(501), maxSize: '' }).errors.patterns).toMatch(/500/);
    expect(readExclusionsDraft({ folders: [], patterns: 'a\n'.repeat(201), maxSize: '' }).exclusions).toBeNull();
  });

  it('counts exclusions for the sync card', () => {
    expect(exclusionsLabel(none)).toBeNull();
    expect(exclusionsLabel({ folders: [{ id: 'f', path: 'Old' }], patterns: [], maxFileSize: null })).toBe('1 exclusion');
    expect(exclusionsLabel({ folders: [{ id: 'f', path: 'Old' }], patterns: ['*.iso'], maxFileSize: 5 })).toBe('3 exclusions');
  });

  it('ticks folders by id and path; a ticked folder covers its subtree', () => {
    const photos = { id: 'p', path: 'Photos' };
    let folders = toggleFolder([{ id: null, path: 'Photos/2019' }], photos, true);
    expect(folders).toEqual([photos]);
    expect(isFolderExcluded(folders, 'x', 'Photos/2020')).toBe(true);
    expect(isFolderExcluded(folders, 'p', 'Renamed')).toBe(true);
    expect(isFolderExcluded(folders, 'd', 'Docs')).toBe(false);
    folders = toggleFolder(folders, photos, false);
    expect(folders).toEqual([]);
    expect(
      sameExclusions(
        { ...none, folders: [photos, { id: 'a', path: 'A' }] },
        { ...none, folders: [{ id: 'a', path: 'A' }, photos] },
      ),
    ).toBe(true);
    expect(sameExclusions(none, { ...none, maxFileSize: 1 })).toBe(false);
  });

  it('describes the preview, and refuses with the figures when the disk cannot hold it', () => {
    expect(describePreview({ downloads: 7, bytes: 3_500_000, trash: 0, renames: 0, conflicts: 0, freeBytesAfter: 20e9 })).toEqual(
      {
        fits: true,
        text: '7 files to download (3.5 MB); 20 GB free on that disk afterwards.',
      },
    );
    const refused = describePreview({ downloads: 1, bytes: 200e9, trash: 0, renames: 0, conflicts: 0, freeBytesAfter: -150e9 });
    expect(refused.fits).toBe(false);
    expect(refused.text).toMatch(
      /^Not enough space: 1 file \(200 GB\) to download, but only 50 GB free on that disk \(150 GB short\)/,
    );
  });
});
