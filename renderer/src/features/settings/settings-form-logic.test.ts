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
    values.numbers.bigDeletePercent = '';
    const { errors, patch } = validateSettingsForm(values, current);
    expect(patch).toBeNull();
    expect(Object.keys(errors).sort()).toEqual(['bigDeletePercent', 'defaultIntervalMinutes', 'parallelDownloads']);
    expect(errors.parallelDownloads).toBe('Enter a whole number from 1 to 16.');
  });
});
