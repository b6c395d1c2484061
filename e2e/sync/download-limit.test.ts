import { describe, expect, it } from 'vitest';
import { systemClock } from '../../main/core/ports';
import { RateLimiter } from '../../main/core/sync/download/rate-limit';
import { makeSync, readTree, useCloud } from './harness';

const h = useCloud();

describe('the download limit', () => {
  it('paces every download of a run through the shared bucket (300 kB at 200 kB/s take at least 1.4 s)', async () => {
    const kB = (n: number) => 'x'.repeat(n * 1000);
    const fx = await makeSync(h, {
      kind: 'personal',
      tree: { 'Docs/a.bin': kB(100), 'Docs/b.bin': kB(100), 'Docs/c.bin': kB(100) },
    });
    const limiter = new RateLimiter(200_000, systemClock);
    let paced = 0;
    const started = performance.now();
    const run = await fx.run({
      pace: (bytes, signal) => {
        paced += bytes;
        return limiter.take(bytes, signal);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    expect(run).toMatchObject({ result: 'success', downloaded: 3, bytes: 300_000 });
    expect(paced).toBe(300_000);
    // The bucket starts with 50 ms of tokens: 1.5 s - 0.05 s at the least.
    expect(seconds).toBeGreaterThanOrEqual(1.4);
    expect((await readTree(fx.root)).get('a.bin')).toBe(kB(100));
  });
});
