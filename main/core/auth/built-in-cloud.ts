/**
 * The default app registration this build carries: set at build time by vite.config.ts from ODM_DEFAULT_CLIENT_ID
 * and ODM_DEFAULT_AUTHORITY (shared/app-registration.ts); null in builds without one and in tests, which pass
 * their own to createCore.
 */
import type { CloudSettings } from '../../../shared/model';

declare const __ODM_BUILT_IN_CLOUD__: CloudSettings | null | undefined;

export const builtInCloud: CloudSettings | null = typeof __ODM_BUILT_IN_CLOUD__ === 'undefined' ? null : __ODM_BUILT_IN_CLOUD__;

/** The settings in effect before env overrides: the stored registration, else the built-in one, else the stored (empty) one. */
export function effectiveCloud(stored: CloudSettings, builtIn: CloudSettings | null): CloudSettings {
  return stored.clientId || !builtIn ? stored : builtIn;
}
