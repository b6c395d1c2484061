import { describe, expect, it } from 'vitest';
import { makeSync } from '../../test/builders';
import { describeProgress, describeSyncStatus, timeLeft } from './sync-status';

describe('describeSyncStatus', () => {
  it('calls a successful active sync up to date', () => {
    expect(describeSyncStatus(makeSync(), null)).toMatchObject({ kind: 'up_to_date', label: 'Up to date' });
  });
  it('puts errors first, with the plain message for the code when none is given', () => {
    const s = makeSync({ status: 'error', errorCode: 'local_missing', errorMessage: null, running: false });
    expect(describeSyncStatus(s, 'forever')).toMatchObject({ kind: 'attention', label: 'Needs attention' });
    expect(describeSyncStatus(s, null).message).toMatch(/local folder is missing/);
  });
  it('shows syncing while a run is going', () => {
    expect(describeSyncStatus(makeSync({ running: true }), null).kind).toBe('syncing');
  });
  it('shows paused for a paused sync and during a global pause', () => {
    expect(describeSyncStatus(makeSync({ status: 'inactive' }), null).label).toBe('Paused');
    expect(describeSyncStatus(makeSync(), 'forever').label).toBe('Paused');
  });
  it('tells a never-run sync and a transient failure apart', () => {
    expect(describeSyncStatus(makeSync({ lastSyncStatus: null }), null).label).toBe('Not synced yet');
    const offline = makeSync({ lastSyncStatus: 'failed', errorCode: 'offline' });
    expect(describeSyncStatus(offline, null)).toMatchObject({
      label: 'Will retry',
      message: expect.stringMatching(/could not be reached/),
    });
  });
});

describe('describeProgress', () => {
  it('is indeterminate while listing', () => {
    const p = describeProgress({ phase: 'listing', filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0, currentFile: null });
    expect(p.value).toBeUndefined();
  });
  it('counts files and bytes while applying', () => {
    const p = describeProgress({
      phase: 'applying',
      filesDone: 3,
      filesTotal: 120,
      bytesDone: 1024 ** 2,
      bytesTotal: 4 * 1024 ** 2,
      currentFile: 'a.txt',
    });
    expect(p.text).toBe('3 of 120 files · 1.0 MB of 4.0 MB');
    expect(p.value).toBe(0.25);
  });
  it('adds the throughput and the time left once they are known', () => {
    const p = describeProgress({
      phase: 'applying',
      filesDone: 3,
      filesTotal: 120,
      bytesDone: 1024 ** 2,
      bytesTotal: 4 * 1024 ** 2,
      currentFile: 'a.txt',
      bytesPerSecond: 2 * 1024 ** 2,
      secondsLeft: 150,
    });
    expect(p.text).toBe('3 of 120 files · 1.0 MB of 4.0 MB · 2.0 MB/s · 3 min left');
    expect(timeLeft(45)).toBe('45 s');
    expect(timeLeft(7500)).toBe('2 h 5 min');
  });
  it('falls back to files when nothing is downloaded', () => {
    const p = describeProgress({
      phase: 'applying',
      filesDone: 1,
      filesTotal: 4,
      bytesDone: 0,
      bytesTotal: 0,
      currentFile: null,
    });
    expect(p).toEqual({ text: '1 of 4 files', value: 0.25, percent: 25 });
  });
  it('adds the speed and the time left once a rate is measured', () => {
    const p = describeProgress(
      { phase: 'applying', filesDone: 3, filesTotal: 120, bytesDone: 1024 ** 2, bytesTotal: 4 * 1024 ** 2, currentFile: null },
      512 * 1024,
    );
    expect(p.text).toBe('3 of 120 files · 1.0 MB of 4.0 MB · 512 KB/s · 6 s left');
    expect(p.percent).toBe(25);
  });
});
