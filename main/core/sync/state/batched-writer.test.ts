import { describe, expect, it } from 'vitest';
import { rejection } from '../../testing/rejection';
import { deferred, enospc } from '../../testing/deferred';
import { batchedWriter } from './batched-writer';

describe('batchedWriter', () => {
  /** A writev that records its calls and finishes each one only when told. */
  function slowWritev() {
    const calls: { bytes: number; done: ReturnType<typeof deferred>; fail?: unknown }[] = [];
    const waiters: { n: number; resolve: () => void }[] = [];
    const writev = (chunks: Uint8Array[]) => {
      const call = { bytes: chunks.reduce((n, c) => n + c.length, 0), done: deferred() };
      calls.push(call);
      for (const w of waiters) if (calls.length >= w.n) w.resolve();
      return call.done.promise.then(() => {
        if ('fail' in call) throw call.fail;
      });
    };
    /** Resolves once writev has been called `n` times. */
    const called = (n: number) => {
      const d = deferred();
      if (calls.length >= n) d.resolve();
      else waiters.push({ n, resolve: d.resolve });
      return d.promise;
    };
    return { calls, writev, called };
  }
  const chunk = (n: number) => new Uint8Array(n);

  it('writes one batch while the next fills, and makes the caller wait when both are full', async () => {
    const disk = slowWritev();
    let written = 0;
    const w = batchedWriter(disk.writev, { batchBytes: 10, onWritten: (n) => (written += n) });
    expect(w.push(chunk(6))).toBeNull();
    expect(w.push(chunk(6))).toBeNull(); // 12 >= 10: first batch goes out
    expect(disk.calls.map((c) => c.bytes)).toEqual([12]);
    expect(w.push(chunk(4))).toBeNull();
    const behind = w.push(chunk(8)); // second batch full while the first is still being written
    expect(behind).not.toBeNull();
    expect(disk.calls).toHaveLength(1); // never two writes at once
    expect(written).toBe(0); // progress counts only what is on disk
    disk.calls[0]!.done.resolve();
    await behind;
    expect(written).toBe(12);
    expect(disk.calls.map((c) => c.bytes)).toEqual([12, 12]);
    expect(w.push(chunk(3))).toBeNull();
    const finished = w.finish();
    disk.calls[1]!.done.resolve();
    await disk.called(3); // the tail goes out once the second write is done
    disk.calls[2]!.done.resolve();
    await finished;
    expect(written).toBe(27);
    expect(w.accepted).toBe(27);
  });

  it('keeps a failed write, reports it once, refuses more and writes nothing after it', async () => {
    const disk = slowWritev();
    const failed: unknown[] = [];
    const reported = deferred();
    const w = batchedWriter(disk.writev, {
      batchBytes: 4,
      onFailed: (e) => {
        failed.push(e);
        reported.resolve();
      },
    });
    w.push(chunk(4));
    w.push(chunk(2));
    const error = enospc();
    Object.assign(disk.calls[0]!, { fail: error });
    disk.calls[0]!.done.resolve();
    await reported.promise;
    expect(failed).toEqual([error]);
    expect(() => w.push(chunk(4))).toThrow(error);
    expect(await rejection(w.finish())).toBe(error);
    expect(await rejection(w.finish())).toBe(error);
    expect(disk.calls).toHaveLength(1);
    expect(failed).toHaveLength(1);
  });

  it('keeps an error thrown by the progress callback instead of leaving it unhandled', async () => {
    const disk = slowWritev();
    const boom = new Error('progress listener failed');
    const w = batchedWriter(disk.writev, {
      batchBytes: 4,
      onWritten: () => {
        throw boom;
      },
    });
    w.push(chunk(4));
    disk.calls[0]!.done.resolve();
    await new Promise((resolve) => setImmediate(resolve)); // the write settles with nobody awaiting it
    expect(() => w.push(chunk(1))).toThrow(boom);
    expect(await rejection(w.finish())).toBe(boom);
  });

  it('abandon waits for the write in flight and drops the buffer', async () => {
    const disk = slowWritev();
    const w = batchedWriter(disk.writev, { batchBytes: 4 });
    w.push(chunk(5));
    w.push(chunk(1));
    let abandoned = false;
    const done = w.abandon().then(() => (abandoned = true));
    await Promise.resolve();
    expect(abandoned).toBe(false);
    disk.calls[0]!.done.resolve();
    await done;
    expect(disk.calls).toHaveLength(1);
  });
});
