import { describe, expect, it } from 'vitest';
import { errorMessages } from '../../../shared/errors';
import {
  applyStatus,
  initialStatus,
  nextStatus,
  REASSIGN_MESSAGE,
  SIGNED_OUT_MESSAGE,
  statusAction,
  statusFromV1Config,
  type StatusEvent,
  type StatusFields,
} from './sync-status';

const AT = '2026-01-02T03:04:05.000Z';
const EARLIER = '2026-01-01T00:00:00.000Z';

/** The starting points: one per status, errors with and without a user action. */
const active: StatusFields = {
  status: 'active',
  lastSyncAt: EARLIER,
  lastSyncStatus: 'success',
  errorCode: null,
  errorMessage: null,
};
const offline: StatusFields = {
  ...active,
  lastSyncStatus: 'failed',
  errorCode: 'offline',
  errorMessage: 'net',
};
const paused: StatusFields = { ...active, status: 'inactive' };
const err = (code: StatusFields['errorCode']): StatusFields => ({
  ...active,
  status: 'error',
  lastSyncStatus: 'failed',
  errorCode: code,
  errorMessage: 'why',
});
const reconnect = err('reconnect_required');
const review = err('confirm_deletes');
const missing = err('local_missing');
const denied = err('access_denied');

const clearedActive = (s: StatusFields): StatusFields => ({
  ...s,
  status: 'active',
  errorCode: null,
  errorMessage: null,
});

type Row = [name: string, from: StatusFields, event: StatusEvent, to: StatusFields | 'same'];

const fail = (code: StatusFields['errorCode'] & string, hasProfile = true, message = 'boom'): StatusEvent => ({
  kind: 'run_failed',
  code,
  message,
  at: AT,
  hasProfile,
});

const table: Row[] = [
  // run outcomes
  ['success clears an old error', offline, { kind: 'run_finished', result: 'success', at: AT }, { ...active, lastSyncAt: AT }],
  [
    'partial records partial',
    active,
    { kind: 'run_finished', result: 'partial', at: AT },
    { ...active, lastSyncAt: AT, lastSyncStatus: 'partial' },
  ],
  [
    'a summary that failed clears the code too',
    offline,
    { kind: 'run_finished', result: 'failed', at: AT },
    { ...offline, lastSyncAt: AT, errorCode: null, errorMessage: null },
  ],
  [
    'cancelled while running keeps the error',
    offline,
    { kind: 'run_finished', result: 'cancelled', at: AT },
    { ...offline, lastSyncAt: AT, lastSyncStatus: 'cancelled' },
  ],
  [
    'a thrown cancel changes only the last result',
    offline,
    { kind: 'run_cancelled' },
    { ...offline, lastSyncStatus: 'cancelled' },
  ],
  [
    'transient failure keeps the config active',
    active,
    fail('offline'),
    { ...active, lastSyncAt: AT, lastSyncStatus: 'failed', errorCode: 'offline', errorMessage: 'boom' },
  ],
  [
    'throttled, timeout, internal are transient too',
    active,
    fail('internal'),
    { ...active, lastSyncAt: AT, lastSyncStatus: 'failed', errorCode: 'internal', errorMessage: 'boom' },
  ],
  [
    'a lasting failure is an error',
    active,
    fail('local_missing'),
    {
      ...active,
      status: 'error',
      lastSyncAt: AT,
      lastSyncStatus: 'failed',
      errorCode: 'local_missing',
      errorMessage: 'boom',
    },
  ],
  [
    'confirm_deletes is an error waiting for review',
    active,
    fail('confirm_deletes'),
    {
      ...active,
      status: 'error',
      lastSyncAt: AT,
      lastSyncStatus: 'failed',
      errorCode: 'confirm_deletes',
      errorMessage: 'boom',
    },
  ],
  [
    'bad_input without an account pauses',
    active,
    fail('bad_input', false),
    {
      ...active,
      status: 'inactive',
      lastSyncAt: AT,
      lastSyncStatus: 'failed',
      errorCode: 'bad_input',
      errorMessage: 'boom',
    },
  ],
  [
    'bad_input with an account is an error',
    active,
    fail('bad_input', true),
    {
      ...active,
      status: 'error',
      lastSyncAt: AT,
      lastSyncStatus: 'failed',
      errorCode: 'bad_input',
      errorMessage: 'boom',
    },
  ],
  [
    'an empty message gets the standard one',
    active,
    fail('disk_full', true, ''),
    {
      ...active,
      status: 'error',
      lastSyncAt: AT,
      lastSyncStatus: 'failed',
      errorCode: 'disk_full',
      errorMessage: errorMessages.disk_full,
    },
  ],
  // user commands
  ['pause', denied, { kind: 'paused' }, { ...denied, status: 'inactive', errorCode: null, errorMessage: null }],
  ['pause an active config', active, { kind: 'paused' }, paused],
  ['resume', paused, { kind: 'resumed' }, active],
  ['resume clears an error', denied, { kind: 'resumed' }, clearedActive(denied)],
  ['retry clears an error', denied, { kind: 'retry' }, clearedActive(denied)],
  ['retry of an active config changes nothing', offline, { kind: 'retry' }, 'same'],
  ['retry of a paused config changes nothing', paused, { kind: 'retry' }, 'same'],
  ['run once activates an error, keeping it shown', denied, { kind: 'run_once' }, { ...denied, status: 'active' }],
  ['run once of an active config changes nothing', active, { kind: 'run_once' }, 'same'],
  ['confirm deletes', review, { kind: 'deletes_confirmed' }, clearedActive(review)],
  ['confirm deletes activates even a paused config', paused, { kind: 'deletes_confirmed' }, active],
  ['keep files', review, { kind: 'deletes_kept' }, clearedActive(review)],
  ['moving the folder ends a missing folder', missing, { kind: 'folder_moved' }, clearedActive(missing)],
  ['moving the folder ends a review', review, { kind: 'folder_moved' }, clearedActive(review)],
  ['moving the folder leaves other errors', denied, { kind: 'folder_moved' }, 'same'],
  ['moving the folder leaves a paused config', paused, { kind: 'folder_moved' }, 'same'],
  // account
  [
    'reconnect needed',
    active,
    { kind: 'reconnect_needed', message: 'sign in' },
    { ...active, status: 'error', errorCode: 'reconnect_required', errorMessage: 'sign in' },
  ],
  ['a reset ends a missing folder', missing, { kind: 'state_reset' }, clearedActive(missing)],
  ['a reset ends a review', review, { kind: 'state_reset' }, clearedActive(review)],
  ['a reset leaves a paused config paused', paused, { kind: 'state_reset' }, 'same'],
  ['a reset leaves a needed reconnect', reconnect, { kind: 'state_reset' }, 'same'],
  ['reconnect needed keeps a waiting deletion review visible', review, { kind: 'reconnect_needed', message: 'sign in' }, 'same'],
  [
    'reconnect needed replaces another error',
    missing,
    { kind: 'reconnect_needed', message: 'sign in' },
    { ...missing, errorCode: 'reconnect_required', errorMessage: 'sign in' },
  ],
  ['reconnect needed leaves a paused config', paused, { kind: 'reconnect_needed', message: 'sign in' }, 'same'],
  ['reconnected restores a config that waited for it', reconnect, { kind: 'reconnected' }, clearedActive(reconnect)],
  ['reconnected leaves other errors', missing, { kind: 'reconnected' }, 'same'],
  ['reconnected leaves a paused config', paused, { kind: 'reconnected' }, 'same'],
  [
    'signed out pauses with a message',
    reconnect,
    { kind: 'signed_out' },
    { ...reconnect, status: 'inactive', errorCode: null, errorMessage: SIGNED_OUT_MESSAGE },
  ],
];

describe('nextStatus', () => {
  it.each(table)('%s', (_name, from, event, to) => {
    const before = structuredClone(from);
    const next = nextStatus(from, event);
    expect(from).toEqual(before); // pure: the input is never changed
    if (to === 'same') expect(next).toBe(from);
    else expect(next).toEqual(to);
  });

  it('covers every event kind', () => {
    const kinds = new Set(table.map(([, , e]) => e.kind));
    const all: StatusEvent['kind'][] = [
      'run_finished',
      'run_cancelled',
      'run_failed',
      'paused',
      'resumed',
      'retry',
      'run_once',
      'deletes_confirmed',
      'deletes_kept',
      'folder_moved',
      'state_reset',
      'reconnect_needed',
      'reconnected',
      'signed_out',
    ];
    expect([...kinds].sort()).toEqual([...all].sort());
  });
});

describe('applyStatus', () => {
  it('writes the new fields into the stored config and leaves its other fields', () => {
    const stored = { ...active, id: 'c1', intervalMinutes: 5 };
    expect(applyStatus(stored, { kind: 'paused' })).toBe(true);
    expect(stored).toEqual({ ...paused, id: 'c1', intervalMinutes: 5 });
  });

  it('says when nothing changed', () => {
    const stored = { ...missing };
    expect(applyStatus(stored, { kind: 'reconnected' })).toBe(false);
    expect(stored).toEqual(missing);
  });
});

describe('initialStatus', () => {
  it('starts active with no history, or with the status asked for', () => {
    expect(initialStatus()).toEqual({
      status: 'active',
      lastSyncAt: null,
      lastSyncStatus: null,
      errorCode: null,
      errorMessage: null,
    });
    expect(initialStatus('inactive').status).toBe('inactive');
  });
});

describe('source_gone (access to a shared folder or library ended)', () => {
  it('stops in error until the user tries again, which makes it active', () => {
    const failed = nextStatus(initialStatus(), {
      kind: 'run_failed',
      code: 'source_gone',
      message: 'Trip is no longer shared with you.',
      at: '2026-12-02T18:00:00.000Z',
      hasProfile: true,
    });
    expect(failed).toMatchObject({
      status: 'error',
      errorCode: 'source_gone',
      errorMessage: 'Trip is no longer shared with you.',
    });
    expect(statusAction(failed)).toBe('source_gone');
    expect(nextStatus(failed, { kind: 'retry' })).toMatchObject({ status: 'active', errorCode: null });
  });
});

describe('statusAction', () => {
  it.each([
    [null, 'none'],
    ['reconnect_required', 'reconnect'],
    ['confirm_deletes', 'review_deletions'],
    ['local_missing', 'locate_folder'],
    ['source_gone', 'source_gone'], // "Keep the files and remove the sync" or "Try again"
    ['offline', 'retry'],
    ['bad_input', 'none'],
  ] as const)('%s -> %s', (code, action) => {
    expect(statusAction({ errorCode: code })).toBe(action);
  });
});

describe('statusFromV1Config', () => {
  it.each([
    [
      { status: 'syncing', lastSyncStatus: 'completed' },
      true,
      { status: 'active', lastSyncStatus: 'success', errorMessage: null },
    ],
    [
      { status: 'paused', lastSyncStatus: 'canceled' },
      true,
      { status: 'inactive', lastSyncStatus: 'cancelled', errorMessage: null },
    ],
    [
      { status: 'failed', lastSyncStatus: 'error', errorMessage: 'x' },
      true,
      { status: 'error', lastSyncStatus: 'failed', errorMessage: 'x' },
    ],
    [{}, true, { status: 'active', lastSyncStatus: null, errorMessage: null }],
    [{ status: 'weird', lastSyncStatus: 'weird' }, true, { status: 'inactive', lastSyncStatus: null, errorMessage: null }],
    [
      { status: 'active', errorMessage: 'x' },
      false,
      { status: 'inactive', lastSyncStatus: null, errorMessage: REASSIGN_MESSAGE },
    ],
  ] as const)('%j (owned: %s)', (v1, owned, expected) => {
    expect(statusFromV1Config({ ...v1, lastSyncAt: AT }, owned)).toEqual({
      ...expected,
      lastSyncAt: AT,
      errorCode: null,
    });
  });
});
