import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { SkipError } from './apply-fs';
import { errorVerdict } from './apply-error-policy';

describe('errorVerdict', () => {
  it('skips an item the user should see refused (a link in the way); the run stays complete', () => {
    expect(errorVerdict(new SkipError('"a" is a symbolic link'), false)).toEqual({
      do: 'skip',
      reason: '"a" is a symbolic link',
    });
  });

  it('aborts the run on a full disk, a lost sign-in or no network', () => {
    for (const code of ['disk_full', 'reconnect_required', 'offline'] as const) {
      const e = new AppError(code);
      expect(errorVerdict(e, false)).toEqual({ do: 'abort', error: e });
    }
  });

  it('fails only the action on anything else (other app errors, I/O errors, non-errors)', () => {
    expect(errorVerdict(new AppError('throttled'), false)).toMatchObject({ do: 'fail' });
    expect(errorVerdict(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }), false)).toEqual({
      do: 'fail',
      message: 'EACCES: permission denied',
    });
    expect(errorVerdict('boom', false)).toEqual({ do: 'fail', message: 'boom' });
  });

  it('ignores every error once the run is cancelled (actions cut short say nothing)', () => {
    expect(errorVerdict(new AppError('disk_full'), true)).toEqual({ do: 'ignore' });
    expect(errorVerdict(new SkipError('x'), true)).toEqual({ do: 'ignore' });
    expect(errorVerdict(new Error('x'), true)).toEqual({ do: 'ignore' });
  });
});
