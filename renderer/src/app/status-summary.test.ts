import { describe, expect, it } from 'vitest';
import { makeState, makeSync } from '../test/builders';
import { summarizeStatus } from './status-summary';

const progress = { phase: 'applying' as const, filesDone: 3, filesTotal: 120, bytesDone: 0, bytesTotal: 0, currentFile: null };

describe('summarizeStatus', () => {
  it('says what is going on, most urgent first', () => {
    expect(summarizeStatus(makeState())).toBe('No accounts yet');
    expect(summarizeStatus(makeState({ syncs: [makeSync()] }))).toBe('Up to date');
    expect(summarizeStatus(makeState({ syncs: [makeSync({ running: true, progress })] }))).toBe('Syncing 3 of 120 files');
    expect(summarizeStatus(makeState({ syncs: [makeSync({ running: true }), makeSync({ id: 's2', running: true })] }))).toBe(
      'Syncing 2 folders',
    );
    expect(summarizeStatus(makeState({ syncs: [makeSync({ status: 'error' })] }))).toBe('1 sync needs attention');
    expect(summarizeStatus(makeState({ syncs: [makeSync()], pausedUntil: 'forever' }))).toBe('Paused');
    expect(summarizeStatus(makeState({ syncs: [makeSync()], powerPause: 'battery' }))).toBe('Paused: on battery power');
    expect(summarizeStatus(makeState({ syncs: [makeSync()], powerPause: 'battery', pausedUntil: 'forever' }))).toBe('Paused');
  });
});
