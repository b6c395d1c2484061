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
    for (const [text, ok] of [['0', false], ['1', true], ['2.5', false], ['1000000', true], ['1000001', false], ['many', false]] as const) {
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
