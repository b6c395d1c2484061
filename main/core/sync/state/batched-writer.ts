/**
 * Body chunks are small (TLS records); writing them in ~1 MiB writev batches saves thousands of syscalls per file.
 * One batch is written while the next fills, so disk writes overlap network reads like a stream pipeline. Memory stays
 * bounded at about two batches: when the next batch is full and the write in flight has not finished, push() hands back
 * a promise to await before reading more (backpressure).
 *
 * A failed write is kept, never left as an unhandled rejection, and re-thrown by the next push() or finish(). After it
 * nothing more is written: a later batch would leave a hole in the file.
 */
export interface BatchedWriter {
  /** Bytes handed to push() so far: written, being written or buffered. */
  readonly accepted: number;
  /** Queues a chunk. Returns a promise to await before the next push when the writer is behind, else null. */
  push(chunk: Uint8Array): Promise<void> | null;
  /** Writes what is buffered and waits for every write; throws the first write error. */
  finish(): Promise<void>;
  /** Waits for the write in flight and drops what is buffered (the file is being thrown away). Never throws. */
  abandon(): Promise<void>;
}

export interface BatchedWriterOptions {
  /** Called after each batch is on disk, with its size. */
  onWritten?: (bytes: number) => void;
  /** Called once, as soon as a write fails (e.g. to stop reading). */
  onFailed?: (error: unknown) => void;
  /** Default 1 MiB. */
  batchBytes?: number;
}

/** `writev` writes the chunks in order at the end of the file. */
export function batchedWriter(writev: (chunks: Uint8Array[]) => Promise<unknown>, o: BatchedWriterOptions = {}): BatchedWriter {
  const batchBytes = o.batchBytes ?? 1 << 20;
  let batch: Uint8Array[] = [];
  let batchSize = 0;
  let accepted = 0;
  let inFlight: Promise<void> | null = null;
  let failure: { error: unknown } | null = null;

  const check = () => {
    if (failure) throw failure.error;
  };
  const start = (): Promise<void> => {
    const chunks = batch;
    const size = batchSize;
    batch = [];
    batchSize = 0;
    const fail = (error: unknown) => {
      if (failure) return;
      failure = { error };
      o.onFailed?.(error);
    };
    // Settles, never rejects: nobody awaits a write started by push().
    const write = writev(chunks).then(
      () => {
        inFlight = null;
        try {
          o.onWritten?.(size);
        } catch (e) {
          fail(e); // a throwing progress callback is the caller's error, still never unhandled
        }
      },
      (error: unknown) => {
        inFlight = null;
        fail(error);
      },
    );
    inFlight = write;
    return write;
  };

  return {
    get accepted() {
      return accepted;
    },
    push(chunk) {
      check();
      batch.push(chunk);
      batchSize += chunk.length;
      accepted += chunk.length;
      if (batchSize < batchBytes) return null;
      if (!inFlight) {
        void start();
        return null;
      }
      return inFlight.then(() => {
        check();
        void start();
      });
    },
    async finish() {
      if (inFlight) await inFlight;
      check();
      if (batchSize > 0) await start();
      check();
    },
    async abandon() {
      batch = [];
      batchSize = 0;
      if (inFlight) await inFlight;
    },
  };
}
