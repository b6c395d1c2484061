import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TokenCacheContext } from '@azure/msal-node';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../core/ports';
import { createTokenCachePlugin } from '../core/auth/token-cache';

// A reversible transform stands in for OS encryption; the real module must never load in Node.
const safe = vi.hoisted(() => ({
  available: true,
  backend: 'gnome_libsecret' as string | undefined,
}));
vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => safe.available,
    getSelectedStorageBackend: () => safe.backend,
    encryptString: (s: string) => Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x5a)),
    decryptString: (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8'),
  },
}));

const { createElectronSecretBox } = await import('./secret-box');

beforeEach(() => {
  safe.available = true;
  safe.backend = 'gnome_libsecret';
});

describe('Electron SecretBox', () => {
  it('keeps the refresh token out of the persisted cache file', async () => {
    const box = createElectronSecretBox({ allowPlaintext: false, platform: 'linux', logger: silentLogger });
    expect(box.protection).toBe('encrypted');
    const dir = await mkdtemp(path.join(tmpdir(), 'odm-electron-box-'));
    try {
      const cache = JSON.stringify({ RefreshToken: { k: { secret: '0.AAAA-refresh-token-in-clear' } } });
      const plugin = createTokenCachePlugin({ tokensDir: dir, profileId: 'p1', secretBox: box, logger: silentLogger });
      await plugin.afterCacheAccess({
        cacheHasChanged: true,
        tokenCache: { serialize: () => cache },
      } as unknown as TokenCacheContext);
      const raw = await readFile(path.join(dir, 'p1'));
      expect(raw.toString('latin1')).not.toContain('refresh-token-in-clear');
      expect(box.decrypt(raw)).toBe(cache);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports unavailable on Linux basic_text unless the user allowed plaintext, and then refuses to encrypt', () => {
    safe.backend = 'basic_text';
    const box = createElectronSecretBox({ allowPlaintext: false, platform: 'linux', logger: silentLogger });
    expect(box.protection).toBe('unavailable');
    expect(box.osProtected).toBe(false);
    expect(() => box.encrypt('x')).toThrow(/not allowed/);

    box.setAllowPlaintext(true);
    expect(box.protection).toBe('plaintext');
    expect(box.decrypt(box.encrypt('{"a":1}'))).toBe('{"a":1}');
  });

  it('basic_text matters only on Linux', () => {
    safe.backend = 'basic_text';
    expect(createElectronSecretBox({ allowPlaintext: false, platform: 'darwin', logger: silentLogger }).protection).toBe(
      'encrypted',
    );
  });

  it('with no encryption at all and plaintext allowed, stores UTF-8 it can read back', () => {
    safe.available = false;
    expect(createElectronSecretBox({ allowPlaintext: false, platform: 'win32', logger: silentLogger }).protection).toBe(
      'unavailable',
    );
    const box = createElectronSecretBox({ allowPlaintext: true, platform: 'win32', logger: silentLogger });
    expect(box.protection).toBe('plaintext');
    const sealed = box.encrypt('{"b":2}');
    expect(sealed[0]).toBe(0);
    expect(box.decrypt(sealed)).toBe('{"b":2}');
  });

  it('reads a plain cache the command line wrote, and refuses an unknown format', () => {
    const box = createElectronSecretBox({ allowPlaintext: false, platform: 'linux', logger: silentLogger });
    expect(box.decrypt(Buffer.from('{"a":1}'))).toBe('{"a":1}');
    expect(() => box.decrypt(Buffer.from([0x07, 0x41]))).toThrow(/format/);
  });
});
