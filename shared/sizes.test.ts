import { describe, expect, it } from 'vitest';
import { formatSize, parseRate, parseSize } from './sizes';

describe('parseSize', () => {
  it.each([
    ['2048', 2048],
    ['10MB', 10_000_000],
    ['10 mb', 10_000_000],
    ['1.5GiB', 1.5 * 1024 ** 3],
    ['500k', 500_000],
    ['1KiB', 1024],
    ['.5MB', 500_000],
    ['0', 0],
    ['3b', 3],
  ])('%s is %d bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it.each(['', 'MB', '-1MB', '10 XB', '1e3', '1,5MB', '10MB/s', '1.2.3'])('refuses %j with a clear error', (text) => {
    expect(() => parseSize(text)).toThrow(/not a size: use a number with an optional unit/);
  });

  it('refuses sizes past what a number holds exactly', () => {
    expect(() => parseSize('99999999999TiB')).toThrow(/too large/);
  });
});

describe('parseRate', () => {
  it('takes an optional /s', () => {
    expect(parseRate('2MB/s')).toBe(2_000_000);
    expect(parseRate('2 MB / s')).toBe(2_000_000);
    expect(parseRate('2MB')).toBe(2_000_000);
    expect(parseRate('0')).toBe(0);
    expect(() => parseRate('fast')).toThrow(/not a size/);
  });
});

describe('formatSize', () => {
  it('uses decimal units with up to three significant digits', () => {
    expect(formatSize(912)).toBe('912 B');
    expect(formatSize(1_500_000)).toBe('1.5 MB');
    expect(formatSize(2_000_000)).toBe('2 MB');
    expect(formatSize(123_456_789)).toBe('123 MB');
    expect(formatSize(5e12)).toBe('5 TB');
  });
});
