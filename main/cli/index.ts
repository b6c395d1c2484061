/** The `onedrive-mirror` entry point. */
import { runCli } from './program';
import { CLI_VERSION } from './version';
import { EXIT_SYNC_FAILED } from './exit-codes';

// The core's timers are unref'd (the app's main process must be able to quit while a sync waits), so a command
// that only waits on a Retry-After or a backoff would leave Node an empty loop: it would end the process with
// exit 13 and no output. This handle keeps the process alive until the command has settled, and no longer.
const keepAlive = setInterval(() => {}, 1 << 30);
try {
  process.exitCode = await runCli(process.argv.slice(2), CLI_VERSION);
} catch (e) {
  process.stderr.write(
    `error: unexpected failure: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
  );
  process.exitCode = EXIT_SYNC_FAILED;
} finally {
  clearInterval(keepAlive);
}
