/**
 * Batches manifest checkpoints during a long run: a save after `everyFiles` completed actions or `everyMs`,
 * whichever comes first; never two saves at once; `flush` saves now. A checkpoint appends only what changed
 * (manifest-journal.ts), but should a save ever be slow (over 50 ms) it is not repeated more often than every 20x
 * its duration, so saving stays under ~5 % of the run. `spaceSlowSaves: false` turns that spacing off: the kill -9
 * test holds downloads open and waits for the checkpoint of a finished file, which must not be skipped because the
 * previous save was slow on a loaded machine (no later action would come to trigger it).
 */
export function createCheckpointer(
  save: () => Promise<void>,
  o: { everyFiles?: number; everyMs?: number; spaceSlowSaves?: boolean; now?: () => number } = {},
) {
  const everyFiles = o.everyFiles ?? 500;
  const everyMs = o.everyMs ?? 5_000;
  const now = o.now ?? Date.now;
  let since = 0;
  let last = now();
  let lastCost = 0;
  let chain: Promise<void> = Promise.resolve();
  let saves = 0;
  const enqueue = (): Promise<void> => {
    since = 0;
    last = now();
    // A failed save must not stop the later ones (the store rewrites in full after a failed append).
    chain = chain
      .catch(() => {})
      .then(async () => {
        saves++;
        const t0 = now();
        await save();
        lastCost = now() - t0;
      });
    return chain;
  };
  return {
    /** Call after each completed action. */
    note(): void {
      since++;
      const elapsed = now() - last;
      const minGap = lastCost > 50 && o.spaceSlowSaves !== false ? 20 * lastCost : 0;
      if ((since >= everyFiles || elapsed >= everyMs) && elapsed >= minGap) void enqueue().catch(() => {});
    },
    flush: (): Promise<void> => enqueue(),
    get saves(): number {
      return saves;
    },
  };
}
