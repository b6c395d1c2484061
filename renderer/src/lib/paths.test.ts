import { describe, expect, it } from 'vitest';
import { isAbsolutePath, localPathError } from './paths';

describe('local paths', () => {
  it('accepts POSIX, drive-letter and UNC paths', () => {
    expect(isAbsolutePath('/home/ada')).toBe(true);
    expect(isAbsolutePath('C:\\Users\\ada')).toBe(true);
    expect(isAbsolutePath('d:/data')).toBe(true);
    expect(isAbsolutePath('\\\\server\\share')).toBe(true);
  });
  it('refuses empty and relative paths with a hint', () => {
    expect(localPathError('  ')).toMatch(/Choose or type/);
    expect(localPathError('Documents')).toMatch(/full path/);
    expect(localPathError('/tmp/x')).toBeNull();
  });
});
