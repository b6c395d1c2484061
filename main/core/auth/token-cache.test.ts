import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TokenCacheContext } from '@azure/msal-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import { silentLogger, type SecretBox } from '../ports';
import { createTokenCachePlugin, deleteTokenCache, removeOrphanTokenCaches, tokenCachePath } from './token-cache';

/** A reversible, obviously-not-clear transform standing in for OS encryption. */
const reversingBox: SecretBox = {
  protection: 'encrypted',
  encrypt: (plain) => Buffer.from(plain, 'utf8').reverse(),
  decrypt: (sealed) => Buffer.from(sealed).reverse().toString('utf8'),
};

function fakeContext(state: { text: string; changed: boolean }): TokenCacheContext {
  return {
    cacheHasChanged: state.changed,
    tokenCache: {
      serialize: () => state.text,
      deserialize: (t: string) => {
        state.text = t;
      },
    },
  } as unknown as TokenCacheContext;
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'odm-tokens-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('token cache plugin', () => {
  it('round-trips the cache through the SecretBox into <tokensDir>/<profileId>', async () => {
    const tokensDir = path.join(dir, 'tokens');
    const plugin = createTokenCachePlugin({ tokensDir, profileId: 'p1', secretBox: reversingBox, logger: silentLogger });
    await plugin.afterCacheAccess(fakeContext({ text: '{"RefreshToken":{"x":"RT-SECRET"}}', changed: true }));

    const raw = await readFile(path.join(tokensDir, 'p1'));
    expect(raw.toString('utf8')).not.toContain('RT-SECRET');

    const loaded = { text: '', changed: false };
    await plugin.beforeCacheAccess(fakeContext(loaded));
    expect(loaded.text).toBe('{"RefreshToken":{"x":"RT-SECRET"}}');
  });

  it('writes the file with mode 0600 in a 0700 directory and leaves no temp files', async () => {
    const tokensDir = path.join(dir, 'tokens');
    const plugin = createTokenCachePlugin({ tokensDir, profileId: 'p1', secretBox: reversingBox, logger: silentLogger });
    await Promise.all([1, 2, 3].map((n) => plugin.afterCacheAccess(fakeContext({ text: `{"n":${n}}`, changed: true }))));
    expect((await stat(path.join(tokensDir, 'p1'))).mode & 0o777).toBe(0o600);
    expect((await stat(tokensDir)).mode & 0o777).toBe(0o700);
    expect(await readdir(tokensDir)).toEqual(['p1']);
    const loaded = { text: '', changed: false };
    await plugin.beforeCacheAccess(fakeContext(loaded));
    expect(loaded.text).toBe('{"n":3}');
  });

  it('does not write when the cache has not changed', async () => {
    const plugin = createTokenCachePlugin({ tokensDir: dir, profileId: 'p1', secretBox: reversingBox, logger: silentLogger });
    await plugin.afterCacheAccess(fakeContext({ text: '{}', changed: false }));
    expect(await readdir(dir)).toEqual([]);
  });

  it('starts empty when the file cannot be decrypted, and says so without its content', async () => {
    const lines: string[] = [];
    const logger = { ...silentLogger, warn: (m: string) => void lines.push(m) };
    await writeFile(path.join(dir, 'p1'), 'garbage');
    const failingBox: SecretBox = {
      ...reversingBox,
      decrypt: () => {
        throw new Error('bad key');
      },
    };
    const plugin = createTokenCachePlugin({ tokensDir: dir, profileId: 'p1', secretBox: failingBox, logger });
    const loaded = { text: 'untouched', changed: false };
    await plugin.beforeCacheAccess(fakeContext(loaded));
    expect(loaded.text).toBe('untouched');
    expect(lines).toEqual([expect.stringMatching(/sign in again/)]);
  });

  it('refuses to store tokens when secret storage is unavailable', async () => {
    const box: SecretBox = { ...reversingBox, protection: 'unavailable' };
    const plugin = createTokenCachePlugin({ tokensDir: dir, profileId: 'p1', secretBox: box, logger: silentLogger });
    await expect(plugin.afterCacheAccess(fakeContext({ text: '{}', changed: true }))).rejects.toSatisfy((e) =>
      isAppError(e, 'not_configured'),
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it('deleteTokenCache removes the file and tolerates a missing one', async () => {
    const plugin = createTokenCachePlugin({ tokensDir: dir, profileId: 'p1', secretBox: reversingBox, logger: silentLogger });
    await plugin.afterCacheAccess(fakeContext({ text: '{}', changed: true }));
    await deleteTokenCache(dir, 'p1');
    expect(await readdir(dir)).toEqual([]);
    await expect(deleteTokenCache(dir, 'p1')).resolves.toBeUndefined();
  });

  it('removeOrphanTokenCaches removes the caches of profiles that are gone, says so, and touches nothing else', async () => {
    for (const name of ['kept', 'gone1', 'gone2', 'notes.txt']) await writeFile(path.join(dir, name), 'x');
    const lines: Array<{ msg: string; fields?: object }> = [];
    const logger = { ...silentLogger, info: (msg: string, fields?: object) => void lines.push({ msg, fields }) };
    expect(await removeOrphanTokenCaches(dir, new Set(['kept']), logger)).toEqual(['gone1', 'gone2']);
    expect((await readdir(dir)).sort()).toEqual(['kept', 'notes.txt']);
    expect(lines).toEqual([
      { msg: 'removed the token caches of profiles that no longer exist', fields: { profileIds: ['gone1', 'gone2'] } },
    ]);
    expect(await removeOrphanTokenCaches(path.join(dir, 'missing'), new Set(), logger)).toEqual([]);
    expect(lines).toHaveLength(1);
  });

  it.each(['../p1', 'a/b', '', '.'])('refuses the profile id %j as a file name', (id) => {
    expect(() => tokenCachePath(dir, id)).toThrow(/profile id/);
  });
});
