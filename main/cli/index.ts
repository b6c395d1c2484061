/** The `onedrive-mirror` entry point. */
import { CLI_VERSION } from './version';
import { EXIT_SYNC_FAILED } from './exit-codes';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  // What commander prints for it, without loading commander and every command file first (a third of its start-up).
  process.stdout.write(`${CLI_VERSION}\n`);
} else {
  // The core's timers are unref'd (the app's main process must be able to quit while a sync waits), so a command
  // that only waits on a Retry-After or a backoff would leave Node an empty loop: it would end the process with
  // exit 13 and no output. This handle keeps the process alive until the command has settled, and no longer.
  const keepAlive = setInterval(() => {}, 1 << 30);
  try {
    const { runCli } = await import('./program');
    process.exitCode = await runCli(argv, CLI_VERSION);
  } catch (e) {
    process.stderr.write(`error: unexpected failure: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = EXIT_SYNC_FAILED;
  } finally {
    clearInterval(keepAlive);
  }
  // The command has settled: its files are written and closed, its locks released. Ending here, once stdout and
  // stderr have taken every byte, spares the wait Node's natural exit adds for V8's background work on the heap the
  // command leaves (GC): 0.2 s after a no-change `sync run` on a quiet machine, often more under load.
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  process.exit();
}

function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}
