import { describe, expect, it } from 'vitest';
import { enumerationKind } from './enumeration-kind';

describe('enumerationKind (what Graph allows per drive)', () => {
  it.each([
    ['personal', 'abc', 'abc', 'folder-delta'],
    ['personal', 'owner', 'me', 'folder-delta'], // a folder shared from another personal drive
    ['business', 'b!me', 'B!ME', 'root-delta'],
    ['business', 'b!owner', 'b!me', 'walk'], // shared from another business drive: neither delta reaches it
    ['business', 'b!owner', null, 'walk'],
    ['documentLibrary', 'b!lib', 'b!me', 'root-delta'],
  ] as const)('%s drive %s seen by %s: %s', (driveType, driveId, own, kind) => {
    expect(enumerationKind(driveType, driveId, own)).toBe(kind);
  });
});
