import { describe, expect, it } from 'vitest';
import { confirmationCovers, deleteSetFingerprint } from './delete-review';

const list = (...paths: string[]) => paths.map((path) => ({ path, size: path.length }));
const confirm = (l: ReturnType<typeof list>) => ({ files: l.length, fingerprint: deleteSetFingerprint(l) });

describe('a confirmation covers the reviewed deletions only', () => {
  const reviewed = list('a.txt', 'b.txt', 'c.txt');

  it('fingerprints a list regardless of order, and paths and sizes both count', () => {
    expect(deleteSetFingerprint(list('b', 'a'))).toBe(deleteSetFingerprint(list('a', 'b')));
    expect(deleteSetFingerprint([{ path: 'a', size: 1 }])).not.toBe(deleteSetFingerprint([{ path: 'a', size: 2 }]));
    expect(deleteSetFingerprint(list('a'))).not.toBe(deleteSetFingerprint(list('b')));
  });

  it('covers the same list and any part of it', () => {
    expect(confirmationCovers(reviewed, reviewed, confirm(reviewed))).toBe(true);
    expect(confirmationCovers(list('c.txt', 'a.txt'), reviewed, confirm(reviewed))).toBe(true);
  });

  it('asks again for more files, or another file, than were confirmed', () => {
    expect(confirmationCovers(list('a.txt', 'b.txt', 'c.txt', 'd.txt'), reviewed, confirm(reviewed))).toBe(false);
    expect(confirmationCovers(list('a.txt', 'x.txt'), reviewed, confirm(reviewed))).toBe(false);
  });

  it('asks again when the stored list is not the one confirmed, or nothing was confirmed', () => {
    const newer = list('a.txt', 'b.txt', 'c.txt', 'd.txt');
    expect(confirmationCovers(list('a.txt'), newer, confirm(reviewed))).toBe(false);
    expect(confirmationCovers(list('a.txt'), reviewed, null)).toBe(false);
  });

  it('without a stored list, covers exactly the confirmed set', () => {
    expect(confirmationCovers(list('c.txt', 'b.txt', 'a.txt'), null, confirm(reviewed))).toBe(true);
    expect(confirmationCovers(list('a.txt'), null, confirm(reviewed))).toBe(false);
  });
});
