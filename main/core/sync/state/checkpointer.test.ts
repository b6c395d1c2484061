import { describe, expect, it } from 'vitest';
import { createCheckpointer } from './checkpointer';

describe('checkpointer', () => {
  it('saves after a batch of files or after some time, one save at a time', async () => {
    let t = 0;
    let saves = 0;
    const cp = createCheckpointer(async () => void saves++, { everyFiles: 3, everyMs: 1_000, now: () => t });
    cp.note();
    cp.note();
    await cp.flush();
    expect(saves).toBe(1);
    cp.note();
    cp.note();
    cp.note();
    t = 10;
    await Promise.resolve();
    await cp.flush();
    expect(saves).toBe(3);
    t = 5_000;
    cp.note();
    await cp.flush();
    expect(saves).toBe(5);
  });

  it('waits at least 20x the last save duration before saving again', async () => {
    let t = 0;
    let saves = 0;
    const cp = createCheckpointer(
      async () => {
        saves++;
        t += 100; // each save "takes" 100 ms
      },
      { everyFiles: 1, everyMs: 1_000, now: () => t },
    );
    await cp.flush();
    expect(saves).toBe(1);
    cp.note();
    t += 1_000; // 1 s later: still under 20 x 100 ms
    cp.note();
    await Promise.resolve();
    expect(saves).toBe(1);
    t += 1_500;
    cp.note();
    await cp.flush();
    expect(saves).toBe(3);
  });

  it('saves on every batch however slow the last save was when spacing is off (the kill -9 test)', async () => {
    let t = 0;
    let saves = 0;
    const cp = createCheckpointer(
      async () => {
        saves++;
        t += 100;
      },
      { everyFiles: 1, spaceSlowSaves: false, now: () => t },
    );
    await cp.flush();
    cp.note();
    await cp.flush();
    expect(saves).toBe(3);
    t += 1; // far less than 20 x 100 ms after the last save
    cp.note();
    await Promise.resolve();
    await Promise.resolve();
    expect(saves).toBe(4);
  });

  it('keeps saving after a save failed', async () => {
    let calls = 0;
    const cp = createCheckpointer(async () => {
      if (++calls === 1) throw new Error('disk hiccup');
    });
    await expect(cp.flush()).rejects.toThrow('disk hiccup');
    await cp.flush();
    expect(calls).toBe(2);
  });
});
