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

  it('lets a test await a promise that a timer rejected during advance (no macrotask turn, so not "unhandled")', async () => {
    const clock = createFakeClock();
    const p = new Promise((_resolve, reject) => clock.setTimeout(() => reject(new Error('timed out')), 100));
    await clock.advance(100);
    await expect(p).rejects.toThrow('timed out');
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

  it('elapsed() counts the virtual time passed since creation', async () => {
    const clock = createFakeClock(1_700_000_000_000);
    clock.setTimeout(() => {}, 300);
    await clock.advance(1_000);
    expect(clock.elapsed()).toBe(1_000);
    expect(clock.firedCount()).toBe(1);
  });

  it('in auto mode fires each timer by itself once the event loop is idle, jumping time to its due time', async () => {
    const clock = createFakeClock(0, { auto: true });
    const fired: number[] = [];
    await new Promise<void>((resolve) => {
      clock.setTimeout(() => {
        fired.push(clock.now());
        clock.setTimeout(() => (fired.push(clock.now()), resolve()), 60_000);
      }, 300_000);
    });
    expect(fired).toEqual([300_000, 360_000]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('in auto mode lets work already in flight finish before time jumps', async () => {
    const clock = createFakeClock(0, { auto: true });
    const order: string[] = [];
    const timerFired = new Promise<void>((resolve) => clock.setTimeout(() => (order.push('timer'), resolve()), 1_000));
    await Promise.resolve().then(() => order.push('microtask'));
    await timerFired;
    expect(order).toEqual(['microtask', 'timer']);
  });
});
