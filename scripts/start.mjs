// npm start: build, then run the app in Electron. Where the Electron binary is missing (CI, Node 20, no network)
// it says so in one paragraph and exits 1 instead of letting the electron package throw a stack trace.
// `--no-build` skips the build (tests of this script; a build you just made).
import { spawn, spawnSync } from 'node:child_process';
import { findElectronBinary, missingElectronMessage } from './electron-binary.mjs';

const root = process.cwd();
if (!process.argv.includes('--no-build')) {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit', cwd: root });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const found = findElectronBinary(root);
if (!found.ok) {
  console.error(`\n${missingElectronMessage(found.why)}\n`);
  process.exit(1);
}
const child = spawn(found.binary, ['.'], { stdio: 'inherit', cwd: root });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
