/** The `onedrive-mirror` entry point. */
import { runCli } from './program';
import { CLI_VERSION } from './version';


const code = await runCli(process.argv.slice(2), CLI_VERSION);
process.exitCode = code;
