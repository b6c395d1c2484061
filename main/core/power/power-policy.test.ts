import { describe, expect, it } from 'vitest';
import { powerPolicy, powerStateKey, type PowerPolicyInput } from './power-policy';

const on = { pauseOnBattery: true, pauseOnMetered: true };
const base: PowerPolicyInput = { onBattery: false, batteryPercent: 80, metered: false, settings: on, syncAnywayUntil: null };

describe('powerPolicy', () => {
  it.each([
    ['mains power', {}, null],
    ['battery at 80 %', { onBattery: true }, null],
    ['battery at 20 %', { onBattery: true, batteryPercent: 20 }, null],
    ['battery at 19 %', { onBattery: true, batteryPercent: 19 }, 'battery'],
    ['battery, level unknown', { onBattery: true, batteryPercent: null }, 'battery'],
    ['mains power, level 5 % (charging)', { batteryPercent: 5 }, null],
    ['metered', { metered: true }, 'metered'],
    ['metered unknown', { metered: null }, null],
    ['low battery and metered: battery', { onBattery: true, batteryPercent: 3, metered: true }, 'battery'],
  ] as const)('%s', (_name, facts, reason) => {
    expect(powerPolicy({ ...base, ...facts })).toEqual({ paused: reason !== null, reason });
  });

  it('each setting off lets that reason go', () => {
    const low = { ...base, onBattery: true, batteryPercent: 5 };
    expect(powerPolicy({ ...low, settings: { ...on, pauseOnBattery: false } })).toEqual({ paused: false, reason: null });
    expect(powerPolicy({ ...base, metered: true, settings: { ...on, pauseOnMetered: false } })).toEqual({
      paused: false,
      reason: null,
    });
    expect(powerPolicy({ ...low, metered: true, settings: { ...on, pauseOnBattery: false } })).toEqual({
      paused: true,
      reason: 'metered',
    });
  });

  it('"Sync anyway" holds while the power state is the one it was chosen in, whatever the level does', () => {
    const low = { ...base, onBattery: true, batteryPercent: 15 };
    const key = powerStateKey(low);
    expect(powerPolicy({ ...low, syncAnywayUntil: key })).toEqual({ paused: false, reason: null });
    expect(powerPolicy({ ...low, batteryPercent: 4, syncAnywayUntil: key })).toEqual({ paused: false, reason: null });
    // Plugged in and out again: a new state, so it pauses again.
    expect(powerStateKey({ ...low, onBattery: false })).not.toBe(key);
    expect(powerPolicy({ ...low, metered: true, syncAnywayUntil: key })).toEqual({ paused: true, reason: 'battery' });
  });
});
