import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { applyExclusionOptions, exclusionOptions, exclusionsText, type ExclusionOptions } from './exclusion-options';

const none = { folders: [], patterns: [], maxFileSize: null };

function parse(args: string[], edit = true): ExclusionOptions {
  const cmd = exclusionOptions(new Command('x').exitOverride().configureOutput({ writeErr: () => {} }), edit);
  cmd.parse(args, { from: 'user' });
  return cmd.opts<ExclusionOptions>();
}

describe('exclusion options', () => {
  it('collects repeated patterns and folders and reads sizes', () => {
    const o = parse(['--exclude', '*.tmp', '--exclude', 'cache/', '--exclude-folder', 'Videos', '--max-size', '1.5GiB']);
    expect(applyExclusionOptions(none, o)).toEqual({
      folders: [{ id: null, path: 'Videos' }],
      patterns: ['*.tmp', 'cache/'],
      maxFileSize: 1.5 * 1024 ** 3,
    });
  });

  it('refuses a bad size with what is accepted', () => {
    expect(() => parse(['--max-size', 'huge'])).toThrow(/not a size: use a number with an optional unit/);
    expect(() => parse(['--max-size', '0'])).toThrow(/at least 1 byte/);
  });

  it('edits: removes patterns and folders, "none" removes the limit, --clear-exclusions starts over', () => {
    const cur = {
      folders: [
        { id: 'v', path: 'Videos' },
        { id: null, path: 'Old' },
      ],
      patterns: ['*.tmp', '*.bak'],
      maxFileSize: 10,
    };
    expect(
      applyExclusionOptions(cur, parse(['--include', '*.tmp', '--include-folder', '/Videos/', '--max-size', 'none'])),
    ).toEqual({
      folders: [{ id: null, path: 'Old' }],
      patterns: ['*.bak'],
      maxFileSize: null,
    });
    expect(applyExclusionOptions(cur, parse(['--clear-exclusions', '--exclude', 'x']))).toEqual({
      ...none,
      patterns: ['x'],
    });
    expect(applyExclusionOptions(cur, parse([]))).toBeUndefined();
  });

  it('add has no options that remove', () => {
    expect(() => parse(['--include', 'x'], false)).toThrow(/unknown option/);
  });

  it('shows exclusions in one line', () => {
    expect(exclusionsText(none)).toBe('-');
    expect(
      exclusionsText({
        folders: [{ id: null, path: 'Videos' }],
        patterns: ['*.tmp'],
        maxFileSize: 10_000_000,
      }),
    ).toBe('Videos/, *.tmp, > 10 MB');
  });
});
