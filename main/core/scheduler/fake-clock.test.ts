import { describe, expect, it } from 'vitest';
import { createFakeClock } from './fake-clock';

describe('fake clock', () => {
  it('stands still until advanced, then fires due timers in due order', async () => {
    const clock = createFakeClock(1000);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 200);
    clock.setTimeout(() => fired.push(`a@${clock.now()}`), 100);
    clock.setTimeout(() => fired.push(`c@${clock.now()}`), 500);

    expect(clock.now()).toBe(1000);
    await clock.advance(300);
    expect(fired).toEqual(['a@1100', 'b@1200']);
    expect(clock.now()).toBe(1300);
    expect(clock.pendingTimers()).toBe(1);
  });

  it('fires timers with the same due time in the order they were set', async () => {
    const clock = createFakeClock();
    const fired: number[] = [];
    for (const n of [1, 2, 3]) clock.setTimeout(() => fired.push(n), 50);
    await clock.advance(50);
    expect(fired).toEqual([1, 2, 3]);
  });

  it('lets awaited promises settle between timers, so a timer set after an await fires in the same advance', async () => {
    const clock = createFakeClock();
    const fired: number[] = [];
    clock.setTimeout(async () => {
      await Promise.resolve();
      await new Promise<void>((r) => queueMicrotask(r));
      fired.push(clock.now());
      clock.setTimeout(() => fired.push(clock.now()), 10);
    }, 10);
    await clock.advance(25);
    expect(fired).toEqual([10, 20]);
  });

  it('does not fire cleared timers', async () => {
    const clock = createFakeClock();
    let fired = false;
    const handle = clock.setTimeout(() => (fired = true), 10);
    clock.clearTimeout(handle);
    await clock.advance(100);
    expect(fired).toBe(false);
    expect(clock.pendingTimers()).toBe(0);
    expect(clock.firedCount()).toBe(0);
  });

  it('next() jumps to the earliest timer', async () => {
    const clock = createFakeClock();
    let fired = 0;
    clock.setTimeout(() => fired++, 5_000);
    expect(clock.nextTimerAt()).toBe(5_000);
    expect(await clock.next()).toBe(true);
    expect(clock.now()).toBe(5_000);
    expect(fired).toBe(1);
    expect(await clock.next()).toBe(false);
  });

  it('sleep() moves the wall clock but keeps timers waiting for their remaining delay', async () => {
    const clock = createFakeClock();
    let firedAt: number | null = null;
    clock.setTimeout(() => (firedAt = clock.now()), 1_000);
    await clock.advance(400);
    clock.sleep(3_600_000);
    expect(clock.now()).toBe(3_600_400);
    await clock.advance(599);
    expect(firedAt).toBeNull();
    await clock.advance(1);
    expect(firedAt).toBe(3_601_000);
  });
});
