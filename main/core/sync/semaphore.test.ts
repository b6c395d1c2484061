import { describe, expect, it } from 'vitest';
import { Semaphore } from './semaphore';

describe('Semaphore', () => {
  it('never lets more than size holders run at once, and serves waiters in order', async () => {
    const sem = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        sem.run(async () => {
          running++;
          peak = Math.max(peak, running);
          order.push(i);
          await new Promise((r) => setImmediate(r));
          running--;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(sem.inUse).toBe(0);
  });

  it('rejects a waiter whose signal aborts, without taking a slot', async () => {
    const sem = new Semaphore(1);
    const release = await sem.acquire();
    const ac = new AbortController();
    const waiting = sem.acquire(ac.signal);
    ac.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    release();
    release(); // twice is harmless
    expect(sem.inUse).toBe(0);
  });
});

describe('Semaphore, adaptive', () => {
  const holders = (sem: Semaphore, n: number) => Promise.all(Array.from({ length: n }, () => sem.acquire()));

  it('lets more holders in as downloads pass, up to its bound', async () => {
    const sem = new Semaphore(2, { adaptive: { min: 1, max: 4 } });
    const first = await holders(sem, 2);
    const waiting = sem.acquire();
    let granted = false;
    void waiting.then(() => (granted = true));
    sem.passed(0);
    sem.passed(0); // 2 + 1/2 + 1/2 = 3
    await Promise.resolve();
    expect(sem.limit).toBe(3);
    expect(granted).toBe(true);
    for (let i = 0; i < 100; i++) sem.passed(0);
    expect(sem.limit).toBe(4);
    first.forEach((r) => r());
    (await waiting)();
  });

  it('after a throttle, a released slot is not handed on until the holders are under the lowered limit', async () => {
    const sem = new Semaphore(4, { adaptive: { min: 1, max: 8 } });
    const held = await holders(sem, 4);
    const order: string[] = [];
    const waiting = sem.acquire().then((r) => (order.push('granted'), r));
    sem.throttled(1000);
    expect(sem.limit).toBe(2);
    held[0]!();
    held[1]!();
    await Promise.resolve();
    expect(sem.inUse).toBe(2);
    expect(order).toEqual([]);
    held[2]!(); // 1 holder left, under the limit of 2: the waiter gets the slot
    await waiting;
    expect(order).toEqual(['granted']);
    expect(sem.inUse).toBe(2);
  });

  it('a fixed semaphore ignores the feedback', () => {
    const sem = new Semaphore(3);
    sem.throttled(0);
    sem.passed(0);
    expect(sem.limit).toBe(3);
  });
});
