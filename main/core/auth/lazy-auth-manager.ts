/**
 * The AuthManager with MSAL loaded on first use. MSAL is 100-odd small ES modules: loading them costs a CLI
 * process more than everything else it runs for `sync list` or `profile add`, which never need a token. Every
 * method but dispose is async anyway, so callers see no difference.
 */
import type { AuthManager, AuthManagerOptions } from './auth-manager';

export function createLazyAuthManager(opts: AuthManagerOptions): AuthManager {
  let loading: Promise<AuthManager> | null = null;
  let loaded: AuthManager | null = null;
  let disposed = false;
  const real = (): Promise<AuthManager> =>
    (loading ??= import('./auth-manager').then((m) => {
      loaded = m.createAuthManager(opts);
      // Disposed while MSAL was loading: nothing may start after dispose, so the real one is disposed at once.
      if (disposed) loaded.dispose();
      return loaded;
    }));
  return {
    signInInteractive: async (profileId, o) => (await real()).signInInteractive(profileId, o),
    signInDeviceCode: async (profileId, o) => (await real()).signInDeviceCode(profileId, o),
    token: async (profileId, homeAccountId, o) => (await real()).token(profileId, homeAccountId, o),
    signOut: async (profileId, homeAccountId) => (await real()).signOut(profileId, homeAccountId),
    dispose: () => {
      disposed = true;
      loaded?.dispose();
    },
  };
}
