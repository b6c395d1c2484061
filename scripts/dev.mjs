// npm run dev: the renderer from the Vite dev server (hot reload), main and preload rebuilt on change, and
// Electron restarted after each main/preload/engine-host rebuild. Needs the Electron binary (not available on CI here).
import { spawn } from 'node:child_process';
import { build, createServer } from 'vite';
import { findElectronBinary, missingElectronMessage } from './electron-binary.mjs';

const found = findElectronBinary(process.cwd());
if (!found.ok) {
  console.error(`\n${missingElectronMessage(found.why)}\n`);
  process.exit(1);
}
const electronBinary = found.binary;

const server = await createServer({ configFile: 'vite.config.ts', mode: 'development' });
await server.listen();
const url = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5173/';
console.log(`dev: renderer at ${url}`);

let child = null;
let restartTimer = null;
function restart() {
  clearTimeout(restartTimer);
  restartTimer = setTimeout(() => {
    if (child) {
      child.removeAllListeners('exit');
      child.kill();
    }
    child = spawn(electronBinary, ['.'], { stdio: 'inherit', env: { ...process.env, ONEDRIVE_MIRROR_DEV_SERVER_URL: url } });
    child.on('exit', () => shutdown());
  }, 200);
}

const watchers = [];
// The engine host too: the app forks out/engine-host/index.js for its sync runs.
for (const mode of ['main', 'preload', 'engine-host']) {
  const watcher = await build({ mode, configFile: 'vite.config.ts', logLevel: 'warn', build: { watch: {} } });
  watcher.on('event', (event) => {
    if (event.code === 'END') restart();
    if (event.code === 'ERROR') console.error(`dev: ${mode} build failed:`, event.error?.message ?? event.error);
    event.result?.close?.();
  });
  watchers.push(watcher);
}

async function shutdown() {
  for (const w of watchers) await w.close();
  await server.close();
  process.exit(0);
}
process.once('SIGINT', () => void shutdown());
