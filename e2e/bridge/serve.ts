/**
 * A runnable bridge host: runs the real core with Node ports and serves the built renderer on 127.0.0.1 until
 * Ctrl+C. `npx tsx e2e/bridge/serve.ts --help` says how; `npm run demo` runs it with the fake cloud.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { submitAuthorizePage } from '../fake-cloud/headless-browser';
import { createBridgeCore } from './bridge-core';
import { startBridge } from './server';

const usage = `Usage: npx tsx e2e/bridge/serve.ts [options]     (after npm run build)

Serves the built renderer (out/renderer) in your browser against the real core, with no Electron.
Prints "bridge: <url>" once it listens; Ctrl+C stops it. \`npm run demo\` starts it with the fake cloud for you.

Options:
  --port N           port on 127.0.0.1 (default: env BRIDGE_PORT, else a free one)
  --data-dir DIR     the app's data folder (default: env ONEDRIVE_MIRROR_DATA_DIR, else a new temp folder)
  --renderer DIR     the built renderer to serve (default: out/renderer)
  --auto-sign-in     complete sign-ins in the background instead of printing the URL to open (for the fake
                     cloud, whose sign-in page signs in its demo account; a browser would not trust its certificate)
  -h, --help         this text

Environment: ONEDRIVE_MIRROR_CLIENT_ID, ONEDRIVE_MIRROR_AUTHORITY, ONEDRIVE_MIRROR_GRAPH_URL and
NODE_EXTRA_CA_CERTS point the core at a cloud: \`npm run fake-cloud\` prints them for the fake one.`;

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.BRIDGE_PORT ?? '0' },
      'data-dir': { type: 'string', default: process.env.ONEDRIVE_MIRROR_DATA_DIR },
      renderer: { type: 'string' },
      'auto-sign-in': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (e) {
  console.error(`serve: ${(e as Error).message}\n\n${usage}`);
  process.exit(2);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const root = path.resolve(import.meta.dirname, '../..');
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
// A temp data folder made here is removed on stop; a folder the caller named is theirs.
const tempDataDir = !values['data-dir'];
const dataDir = tempDataDir ? mkdtempSync(path.join(tmpdir(), 'onedrive-mirror-bridge-')) : path.resolve(values['data-dir']!);
const rendererDir = values.renderer ? path.resolve(values.renderer) : path.join(root, 'out/renderer');
try {
  readFileSync(path.join(rendererDir, 'index.html'));
} catch {
  console.error(`serve: ${path.join(rendererDir, 'index.html')} is missing: run \`npm run build\` first.`);
  process.exit(2);
}

const autoSignIn = values['auto-sign-in'];
const core = await createBridgeCore({
  dataDir,
  version,
  env: process.env,
  onOpen: (url) => {
    if (!autoSignIn) return console.log(`bridge: the core asks to open ${url}`);
    submitAuthorizePage(url).catch((e: unknown) => console.error(`bridge: the background sign-in failed: ${String(e)}`));
  },
  onConfirm: (q) => console.log(`bridge: main would ask "${q.message}" (${q.detail}); answering yes`),
});
const bridge = await startBridge({ service: core.service, port: Number(values.port), rendererDir });
core.service.start();
console.log(`bridge: ${bridge.url} (data in ${dataDir})`);

const stop = async () => {
  await bridge.close();
  await core.shutdown();
  if (tempDataDir) rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
