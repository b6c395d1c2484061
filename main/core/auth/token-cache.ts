/**
 * One MSAL token cache per profile, persisted as `<tokensDir>/<profileId>` through the SecretBox port.
 * Files are written atomically (temp file + rename) with mode 0600 in a 0700 directory: the cache holds
 * refresh tokens. An unreadable file is treated as empty (the user signs in again), never as a crash.
 */
import { chmod, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import { AppError } from '../errors';
import type { Logger, SecretBox } from '../ports';
import { writeFileAtomic } from '../store/atomic-file';

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

/**
 * Removes the caches of profiles that no longer exist (a removal whose token delete failed, a profile lost with a
 * db.json that was set aside, a crash between the two): refresh tokens nobody can use should not stay on disk.
 * Only files named like a profile id are touched. Returns the ids removed.
 */
export async function removeOrphanTokenCaches(
  tokensDir: string,
  profileIds: ReadonlySet<string>,
  logger: Logger,
): Promise<string[]> {
  const names = await readdir(tokensDir).catch(() => [] as string[]);
  const orphans = names.filter((n) => profileIdPattern.test(n) && !profileIds.has(n));
  for (const id of orphans) await rm(path.join(tokensDir, id), { force: true });
  if (orphans.length > 0) logger.info('removed the token caches of profiles that no longer exist', { profileIds: orphans });
  return orphans;
}

export const secretStorageUnavailableMessage =
  'Tokens cannot be stored securely on this system. Allow unencrypted token storage in Settings to sign in.';

/** The cache holds refresh tokens: a 0700 directory, a 0600 file, replaced atomically. */
async function writePrivateFile(file: string, data: Buffer): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  await writeFileAtomic(file, data);
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
      const write = writes.then(() => writePrivateFile(file, sealed));
      writes = write.catch(() => {});
      await write;
    },
  };
}
