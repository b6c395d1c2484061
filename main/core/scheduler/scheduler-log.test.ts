/** What the scheduler logs about itself: "scheduler stopped" only from one that scheduled (issue 18, item 7). */
import { describe, expect, it } from 'vitest';
import type { LogFields, Logger } from '../ports';
import { config, startHarness } from '../testing/scheduler-harness';

function recordingLogger() {
  const lines: { msg: string; bindings: LogFields }[] = [];
  const make = (bindings: LogFields): Logger => {
    const at = (msg: string) => void lines.push({ msg, bindings });
    return { debug: at, info: at, warn: at, error: at, child: (b) => make({ ...bindings, ...b }) };
  };
  return { lines, logger: make({}) };
}

describe('scheduler log', () => {
  it('a scheduler nobody started (a one-shot CLI command) says nothing when it stops', async () => {
    const { lines, logger } = recordingLogger();
    await startHarness({ logger }).scheduler.stop();
    expect(lines.map((l) => l.msg)).not.toContain('scheduler stopped');
  });

  it('a scheduler that scheduled says it stopped, bound to its component once', async () => {
    const { lines, logger } = recordingLogger();
    const h = startHarness({ logger: logger.child({ component: 'scheduler' }) });
    h.scheduler.setConfigs([config('a')]);
    await h.scheduler.stop();
    expect(lines.find((l) => l.msg === 'scheduler stopped')?.bindings).toEqual({ component: 'scheduler' });
  });
});
