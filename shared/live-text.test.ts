import { describe, expect, it } from 'vitest';
import { liveText } from './live-text';

describe('live status words', () => {
  const sync = { status: 'active', live: false, liveReason: null, intervalMinutes: 60 } as const;
  it('says Live, or how often it checks and why not live', () => {
    expect(liveText({ ...sync, live: true })).toBe('Live');
    expect(liveText(sync)).toBe('Checking every 60 min');
    expect(liveText({ ...sync, liveReason: 'not_supported' })).toBe(
      'Checking every 60 min (live changes not supported for this drive)',
    );
    expect(liveText({ ...sync, liveReason: 'reconnecting', intervalMinutes: 5 })).toBe('Checking every 5 min (reconnecting)');
    expect(liveText({ ...sync, status: 'inactive' })).toBeNull();
  });
});
