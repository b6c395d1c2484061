import { describe, expect, it } from 'vitest';
import { bigDeleteMessage, bigDeleteVerdict, type BigDeleteInput } from './big-delete-rule';

/** `trash` of `tracked` files would go (all of them gone online, none edited here), with the default of 500. */
const verdict = (trash: number, tracked: number, over: Partial<BigDeleteInput> = {}) =>
  bigDeleteVerdict({ trash, gone: trash, tracked, maxFiles: 500, ...over });
const clause = (v: ReturnType<typeof bigDeleteVerdict>) => (v.stop ? v.clause : 'runs');

describe('the big-delete rule', () => {
  it('lets small deletions through, whatever their share of a small tree', () => {
    expect(clause(verdict(4, 7))).toBe('runs');
    expect(clause(verdict(10, 10))).toBe('runs'); // all gone, but only 10 tracked
    expect(clause(verdict(0, 0))).toBe('runs');
    expect(clause(verdict(0, 1000))).toBe('runs');
  });

  it('count clause: more than N files stops, N does not', () => {
    expect(clause(verdict(500, 100_000))).toBe('runs');
    expect(clause(verdict(501, 100_000))).toBe('count');
    expect(clause(verdict(3, 1000, { maxFiles: 2 }))).toBe('count');
    expect(clause(verdict(2, 1000, { maxFiles: 2 }))).toBe('runs');
  });

  it('half clause: more than half of the tracked files AND at least 50', () => {
    expect(clause(verdict(50, 99))).toBe('half');
    expect(clause(verdict(50, 100))).toBe('runs'); // exactly half is not more than half
    expect(clause(verdict(49, 60))).toBe('runs'); // more than half, but fewer than 50 files
    expect(clause(verdict(51, 100))).toBe('half');
  });

  it('all-gone clause: every tracked file gone and more than 10 tracked', () => {
    expect(clause(verdict(10, 10))).toBe('runs');
    expect(clause(verdict(11, 11))).toBe('all_gone');
    // Files edited here stay in place (not trashed) but are gone online all the same.
    expect(clause(verdict(9, 11, { gone: 11 }))).toBe('all_gone');
    expect(clause(verdict(10, 11, { gone: 10 }))).toBe('runs');
    // Nothing to trash: nothing to ask about.
    expect(clause(verdict(0, 20, { gone: 20 }))).toBe('runs');
  });

  it('says which clause fired and how to go on, in the app and in the CLI', () => {
    const count = verdict(600, 10_000);
    const half = verdict(60, 100);
    const gone = verdict(12, 12);
    expect(count.stop && count.reason).toBe(
      'This run would move 600 files to the trash, more than 500 (the big-delete setting).',
    );
    expect(half.stop && half.reason).toBe('This run would move 60 files of 100 to the trash: more than half of the mirror.');
    expect(gone.stop && gone.reason).toMatch(/^OneDrive lists none of the 12 files this mirror tracks/);
    const message = bigDeleteMessage('Reason.', 'abc123');
    expect(message).toContain('Review deletions in the app');
    expect(message).toContain('`onedrive-mirror sync confirm-deletes abc123`');
    expect(message).toContain('`onedrive-mirror sync keep-files abc123`');
  });
});
