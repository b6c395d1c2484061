/**
 * Pure: should background syncing pause for the machine's power or network? The shell reports what the OS says
 * (power-source ports in main/app); the service feeds the answer to the scheduler as a hold on background runs.
 */
import { LOW_BATTERY_PERCENT } from '../../../shared/limits';
import type { AppState } from '../../../shared/model';

/** What the OS reports. null: not known on this platform (never guessed). */
export interface PowerFacts {
  onBattery: boolean;
  /** 0..100; null when the OS does not tell us (Electron has no battery level API: see power-source.ts). */
  batteryPercent: number | null;
  /** On a metered connection (NetworkManager's Metered property); null: not known. */
  metered: boolean | null;
}

/** Why background syncing is held; declared once, in the state the renderer is sent. */
export type PowerPauseReason = NonNullable<AppState['powerPause']>;

export interface PowerPolicyInput extends PowerFacts {
  settings: { pauseOnBattery: boolean; pauseOnMetered: boolean };
  /** The power state ("Sync anyway" was chosen in), see powerStateKey; the override holds while it is unchanged. */
  syncAnywayUntil: string | null;
}

export interface PowerDecision {
  paused: boolean;
  reason: PowerPauseReason | null;
}

/**
 * The power state an override is tied to: plugged in or not, metered or not. The battery level is left out on
 * purpose, or "Sync anyway" would end at the next percent drop.
 */
export function powerStateKey(f: PowerFacts): string {
  return `battery:${f.onBattery ? 1 : 0} metered:${f.metered === null ? '?' : f.metered ? 1 : 0}`;
}

/**
 * Battery: on battery and below 20 %, or on battery with the level unknown (Electron reports no level on Windows and
 * macOS: pausing there errs on the side of the battery, and "Sync anyway" is one click). Metered: only when the OS
 * says so; unknown never pauses. Battery wins when both hold (it is the one a charger ends).
 */
export function powerPolicy(input: PowerPolicyInput): PowerDecision {
  const reason = wouldPause(input);
  if (reason === null) return { paused: false, reason: null };
  if (input.syncAnywayUntil !== null && input.syncAnywayUntil === powerStateKey(input)) return { paused: false, reason: null };
  return { paused: true, reason };
}

/** Why the settings would pause in this state, overrides aside. */
export function wouldPause(input: Omit<PowerPolicyInput, 'syncAnywayUntil'>): PowerPauseReason | null {
  const low = input.batteryPercent === null || input.batteryPercent < LOW_BATTERY_PERCENT;
  if (input.settings.pauseOnBattery && input.onBattery && low) return 'battery';
  if (input.settings.pauseOnMetered && input.metered === true) return 'metered';
  return null;
}
