/** The `onedrive-mirror` entry point. */
import { keepHeapNearLiveSize } from '../core/heap-settings';
import { runCli } from './program';
import { CLI_VERSION } from './version';

keepHeapNearLiveSize();

const code = await runCli(process.argv.slice(2), CLI_VERSION);
process.exitCode = code;
