/** Scenario 7: QuickXorHash throughput on one core over 256 MiB in memory. */
import { randomFillSync } from 'node:crypto';
import { QuickXorHash } from '../../main/core/sync/download/quickxorhash';
import { check, type Metric } from './report';

export async function benchHash(o: { quick: boolean }): Promise<Metric[]> {
  const total = (o.quick ? 32 : 256) * 1024 * 1024;
  const chunk = Buffer.alloc(1024 * 1024); // the size of a download stream's chunks, roughly
  randomFillSync(chunk);
  // Warm up the JIT so the figure is the steady state a long download sees.
  new QuickXorHash().update(chunk).digest();
  const t0 = process.hrtime.bigint();
  const h = new QuickXorHash();
  for (let done = 0; done < total; done += chunk.length) h.update(chunk);
  h.digest();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const mbPerS = total / 1e6 / seconds;
  return [{ scenario: 'hash', name: 'QuickXorHash throughput', value: mbPerS, unit: 'MB/s', ...check(mbPerS, '>=', 1000) }];
}
