/**
 * The words for a sync's live status, shared by the app and the CLI: "Live", or "Checking every N min" and why not
 * live. Zod-free (the renderer imports it; see limits.ts).
 */
import type { LiveReason } from './model';

export function liveReasonText(reason: LiveReason): string {
  switch (reason) {
    case 'off':
      return 'live changes are off';
    case 'connecting':
      return 'connecting';
    case 'not_supported':
      return 'live changes not supported for this drive';
    case 'reconnecting':
      return 'reconnecting';
    case 'paused':
      return 'paused';
    case 'signed_out':
      return 'account needs to sign in';
  }
}

/** "Live", or "Checking every 60 min (reconnecting)"; null for a sync that is not active. */
export function liveText(s: {
  status: string;
  live: boolean;
  liveReason: LiveReason | null;
  intervalMinutes: number;
}): string | null {
  if (s.status !== 'active') return null;
  if (s.live) return 'Live';
  const every = `Checking every ${s.intervalMinutes} min`;
  return s.liveReason ? `${every} (${liveReasonText(s.liveReason)})` : every;
}
