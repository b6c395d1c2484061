import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TokenCacheContext } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../core/ports';
import { createTokenCachePlugin } from '../core/auth/token-cache';
import { createNodeSecretBox, plaintextWarning } from './secret-box-node';

describe('Node SecretBox', () => {
  it('stores the cache as is, in a 0600 file, and warns exactly once in one line', async () => {
    const warnings: string[] = [];
    const box = createNodeSecretBox({ ...silentLogger, warn: (m) => void warnings.push(m) });
    expect(box.protection).toBe('plaintext');

    const dir = await mkdtemp(path.join(tmpdir(), 'odm-node-box-'));
    try {
      const plugin = createTokenCachePlugin({
        tokensDir: path.join(dir, 'tokens'),
        profileId: 'p1',
        secretBox: box,
        logger: silentLogger,
      });
      for (const text of ['{"a":1}', '{"a":2}']) {
        await plugin.afterCacheAccess({
          cacheHasChanged: true,
          tokenCache: { serialize: () => text },
        } as unknown as TokenCacheContext);
      }
      const file = path.join(dir, 'tokens', 'p1');
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(box.decrypt(await readFile(file))).toBe('{"a":2}');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(warnings).toEqual([plaintextWarning]);
    expect(plaintextWarning).not.toContain('\n');
  });

  it('refuses a cache the desktop app encrypted instead of handing MSAL garbage', () => {
    const box = createNodeSecretBox(silentLogger);
    expect(() => box.decrypt(Buffer.from([0x01, 0x9f, 0x33]))).toThrow(/desktop app/);
  });
});
