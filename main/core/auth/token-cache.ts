/**
 * One MSAL token cache per profile, persisted as `<tokensDir>/<profileId>` through the SecretBox port.
 * Files are written atomically (temp file + rename) with mode 0600 in a 0700 directory: the cache holds
 * refresh tokens. An unreadable file is treated as empty (the user signs in again), never as a crash.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import { AppError } from '../errors';
import type { Logger, SecretBox } from '../ports';

const profileIdPattern = /^[A-Za-z0-9_-]{1,128}$/;

/** Where a profile's cache lives. Refuses ids that could name another path. */
export function tokenCachePath(tokensDir: string, profileId: string): string {
  if (!profileIdPattern.test(profileId)) throw new AppError('bad_input', `Not a valid profile id: "${profileId}".`);
  return path.join(tokensDir, profileId);
}

/** Deletes a profile's persisted cache (sign-out, profile removal). Missing is fine. */
export async function deleteTokenCache(tokensDir: string, profileId: string): Promise<void> {
  await rm(tokenCachePath(tokensDir, profileId), { force: true });
}

export const secretStorageUnavailableMessage =
  'Tokens cannot be stored securely on this system. Allow unencrypted token storage in Settings to sign in.';

async function writeFileAtomic(file: string, data: Buffer): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

export interface TokenCachePluginOptions {
  tokensDir: string;
  profileId: string;
  secretBox: SecretBox;
  logger: Logger;
}

/** The MSAL cache plugin for one profile. Writes are serialized so an older snapshot never lands last. */
export function createTokenCachePlugin(opts: TokenCachePluginOptions): ICachePlugin {
  const file = tokenCachePath(opts.tokensDir, opts.profileId);
  let writes: Promise<void> = Promise.resolve();

  async function load(): Promise<string | null> {
    let sealed: Buffer;
    try {
      sealed = await readFile(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    try {
      return opts.secretBox.decrypt(sealed);
    } catch {
      opts.logger.warn('Token cache could not be decrypted; the account must sign in again', { profileId: opts.profileId });
      return null;
    }
  }

  return {
    async beforeCacheAccess(ctx: TokenCacheContext): Promise<void> {
      await writes;
      const text = await load();
      if (text === null) return;
      try {
        ctx.tokenCache.deserialize(text);
      } catch {
        opts.logger.warn('Token cache is unreadable; the account must sign in again', { profileId: opts.profileId });
      }
    },
    async afterCacheAccess(ctx: TokenCacheContext): Promise<void> {
      if (!ctx.cacheHasChanged) return;
      if (opts.secretBox.protection === 'unavailable') throw new AppError('not_configured', secretStorageUnavailableMessage);
      const sealed = opts.secretBox.encrypt(ctx.tokenCache.serialize());
      const write = writes.then(() => writeFileAtomic(file, sealed));
      writes = write.catch(() => {});
      await write;
    },
  };
}
