/** Pure: the one-line status in the header, from the whole state. */
import type { AppState } from '../../../shared/model';
import { powerPauseText } from '../../../shared/power-pause';

export function summarizeStatus(
  state: Pick<AppState, 'syncs' | 'pausedUntil' | 'profiles'> & Partial<Pick<AppState, 'powerPause'>>,
): string {
  const { syncs } = state;
  if (syncs.length === 0) return state.profiles.length === 0 ? 'No accounts yet' : 'Nothing mirrored yet';
  const attention = syncs.filter((s) => s.status === 'error').length;
  const running = syncs.filter((s) => s.running);
  if (running.length > 0) {
    const applying = running.map((s) => s.progress).filter((p) => p !== null && p.phase === 'applying');
    if (running.length === 1 && applying.length === 1) {
      const p = applying[0]!;
      return `Syncing ${p.filesDone} of ${p.filesTotal} files`;
    }
    return running.length === 1 ? 'Syncing' : `Syncing ${running.length} folders`;
  }
  if (attention > 0) return attention === 1 ? '1 sync needs attention' : `${attention} syncs need attention`;
  if (state.pausedUntil !== null) return 'Paused';
  if (state.powerPause) return powerPauseText[state.powerPause];
  return 'Up to date';
}
