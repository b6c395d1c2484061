/**
 * Download throughput and time left for progress reports, pure: bytes done over the last few seconds (a sliding
 * window, so a burst or a pause fades out), and what is left at that rate. Nothing until a second has passed.
 */
export const WINDOW_MS = 5000;

export interface Throughput {
  bytesPerSecond: number | null;
  secondsLeft: number | null;
}

export class ThroughputMeter {
  private readonly samples: { t: number; bytes: number }[] = [];

  /** Notes that `bytesDone` bytes are done at `t` (ms); returns the throughput and the time left for `bytesTotal`. */
  sample(t: number, bytesDone: number, bytesTotal: number): Throughput {
    this.samples.push({ t, bytes: bytesDone });
    while (this.samples.length > 2 && this.samples[1]!.t <= t - WINDOW_MS) this.samples.shift();
    const first = this.samples[0]!;
    const span = t - first.t;
    if (span < 1000) return { bytesPerSecond: null, secondsLeft: null };
    const bytesPerSecond = ((bytesDone - first.bytes) * 1000) / span;
    const left = Math.max(0, bytesTotal - bytesDone);
    return {
      bytesPerSecond: Math.round(bytesPerSecond),
      secondsLeft: bytesPerSecond > 0 ? Math.ceil(left / bytesPerSecond) : null,
    };
  }
}
