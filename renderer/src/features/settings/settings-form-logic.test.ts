import { describe, expect, it } from 'vitest';
import { makeState } from '../../test/builders';
import { settingsForm, validateSettingsForm } from './settings-form-logic';

const current = makeState().settings;

describe('settings form', () => {
  it('sends only what changed', () => {
    const values = settingsForm(current);
    values.numbers.parallelDownloads = '8';
    values.notifications = false;
    expect(validateSettingsForm(values, current).patch).toEqual({ parallelDownloads: 8, notifications: false });
  });
  it('takes the download limit as a rate; an untouched rounded text changes nothing', () => {
    const limited = { ...current, downloadLimit: 1.5 * 1024 ** 2 };
    const values = settingsForm(limited);
    expect(values.downloadLimit).toBe('1.57 MB/s');
    expect(validateSettingsForm(values, limited).patch).toEqual({});
    values.downloadLimit = '2MB/s';
    expect(validateSettingsForm(values, limited).patch).toEqual({ downloadLimit: 2_000_000 });
    values.downloadLimit = '0';
    expect(validateSettingsForm(values, limited).patch).toEqual({ downloadLimit: 0 });
    for (const bad of ['fast', '5kB/s', '']) {
      values.downloadLimit = bad;
      const { errors, patch } = validateSettingsForm(values, limited);
      expect(patch).toBeNull();
      expect(errors.downloadLimit).toMatch(/at least 10 kB\/s/);
    }
  });
  it('sends an empty patch when nothing changed', () => {
    expect(validateSettingsForm(settingsForm(current), current).patch).toEqual({});
  });
  it('refuses values outside the contract ranges', () => {
    const values = settingsForm(current);
    values.numbers.parallelDownloads = '17';
    values.numbers.defaultIntervalMinutes = '1.5';
    values.numbers.bigDeleteFiles = '';
    const { errors, patch } = validateSettingsForm(values, current);
    expect(patch).toBeNull();
    expect(Object.keys(errors).sort()).toEqual(['bigDeleteFiles', 'defaultIntervalMinutes', 'parallelDownloads']);
    expect(errors.parallelDownloads).toBe('Enter a whole number from 1 to 16.');
  });
  it('takes the big-delete file count from 1 to 1,000,000 whole files', () => {
    for (const [text, ok] of [
      ['0', false],
      ['1', true],
      ['2.5', false],
      ['1000000', true],
      ['1000001', false],
      ['many', false],
    ] as const) {
      const values = settingsForm(current);
      values.numbers.bigDeleteFiles = text;
      const { errors, patch } = validateSettingsForm(values, current);
      expect(errors.bigDeleteFiles === undefined, text).toBe(ok);
      expect(patch === null, text).toBe(!ok);
    }
  });
  it('has no percent field: the half clause of the rule is fixed', () => {
    expect(Object.keys(settingsForm(current).numbers)).not.toContain('bigDeletePercent');
  });
});
