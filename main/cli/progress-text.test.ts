import { describe, expect, it } from 'vitest';
import { createProgressPrinter, progressLine } from './progress-text';

const applying = (filesDone: number, bytesDone: number) => ({
  phase: 'applying' as const,
  filesDone,
  filesTotal: 10,
  bytesDone,
  bytesTotal: 10 * 1024 * 1024,
  currentFile: null,
});

describe('progress text', () => {
  it('says files, bytes, speed and time left', () => {
    expect(progressLine('/Docs', applying(4, 4 * 1024 * 1024), 1024 * 1024)).toBe(
      '/Docs: 40% 4/10 files, 4.0 MB of 10 MB, 1.0 MB/s, 6 s left',
    );
    expect(progressLine('/Docs', { ...applying(0, 0), phase: 'listing' }, null)).toBe('/Docs: listing changes...');
  });

  it('prints plain lines at most every plainEveryMs without a terminal, and rewrites one line on a terminal', () => {
    let t = 0;
    const written: string[] = [];
    const plain = createProgressPrinter('/D', { tty: false, write: (s) => written.push(s), now: () => t, plainEveryMs: 5000 });
    plain.update(applying(0, 0));
    t = 2000;
    plain.update(applying(1, 1024 * 1024));
    t = 6000;
    plain.update(applying(5, 6 * 1024 * 1024));
    plain.end();
    expect(written).toEqual(['/D: 60% 5/10 files, 6.0 MB of 10 MB, 1.0 MB/s, 4 s left\n']);

    written.length = 0;
    t = 0;
    const tty = createProgressPrinter('/D', { tty: true, write: (s) => written.push(s), now: () => t, plainEveryMs: 5000 });
    tty.update(applying(0, 0));
    t = 1000;
    tty.update(applying(1, 1024 * 1024));
    tty.end();
    expect(written).toEqual(['\r\x1b[K/D: 10% 1/10 files, 1.0 MB of 10 MB, 1.0 MB/s, 9 s left', '\r\x1b[K']);
  });
});
