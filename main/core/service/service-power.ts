/**
 * The power policy inside the service: reads the shell's PowerSource (none in the CLI), asks the pure policy
 * (power/power-policy.ts) and holds or releases the scheduler's background runs. "Sync anyway" remembers the power
 * state it was chosen in; a different state ends it. Not stored: the shell reports the facts again at each start.
 */
import type { PowerSource } from '../ports';
import { powerPolicy, powerStateKey, wouldPause, type PowerPauseReason } from '../power/power-policy';
import type { ServiceContext } from './service-context';

export class ServicePower {
  private source: PowerSource | null = null;
  private unsubscribe: (() => void) | null = null;
  private syncAnywayUntil: string | null = null;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly changed: () => void,
  ) {}

  /** The shell's power facts (the app; the CLI has none, so nothing is ever held there). */
  attach(source: PowerSource): void {
    this.unsubscribe?.();
    this.source = source;
    this.unsubscribe = source.onChange(() => this.evaluate());
    this.evaluate();
  }

  /** At shutdown: stop listening. The hold stays as it is, so nothing starts while the scheduler stops. */
  detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.source = null;
  }

  /** Run in the background anyway until the power state changes (plugged in, unplugged, another network). */
  syncAnyway(): void {
    if (!this.source) return;
    this.syncAnywayUntil = powerStateKey(this.source.read());
    this.evaluate();
  }

  /** The facts or the settings changed: decide again and tell the scheduler. */
  evaluate(): void {
    const facts = this.source?.read() ?? null;
    let reason: PowerPauseReason | null = null;
    if (facts) {
      const { pauseOnBattery, pauseOnMetered } = this.ctx.db.settings;
      const settings = { pauseOnBattery, pauseOnMetered };
      // An override of a state we have left is spent (coming back to it later pauses again), and so is one that
      // no longer overrides anything (the settings do not pause here).
      if (this.syncAnywayUntil !== powerStateKey(facts) || wouldPause({ ...facts, settings }) === null) {
        this.syncAnywayUntil = null;
      }
      reason = powerPolicy({ ...facts, settings, syncAnywayUntil: this.syncAnywayUntil }).reason;
    } else {
      this.syncAnywayUntil = null;
    }
    this.ctx.scheduler.holdBackground(reason !== null);
    if (reason === this.ctx.powerPause) return;
    this.ctx.deps.logger.info(reason ? 'background syncing held' : 'background syncing no longer held', { reason });
    this.ctx.powerPause = reason;
    this.changed();
  }
}
