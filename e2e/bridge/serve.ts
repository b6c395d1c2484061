/**
 * A runnable bridge host: `npx tsx e2e/bridge/serve.ts [--port N] [--data-dir DIR] [--renderer DIR]` after
 * `npm run build`. Runs the real core with Node ports and serves the built renderer on 127.0.0.1 until Ctrl+C.
 * Sign-in URLs the core would open in a browser are printed instead.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createBridgeCore } from './bridge-core';
import { startBridge } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.BRIDGE_PORT ?? '0' },
    'data-dir': { type: 'string', default: process.env.ONEDRIVE_MIRROR_DATA_DIR },
    renderer: { type: 'string' },
  },
});

const root = path.resolve(import.meta.dirname, '../..');
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : mkdtempSync(path.join(tmpdir(), 'onedrive-mirror-bridge-'));

const core = await createBridgeCore({
  dataDir,
  version,
  env: process.env,
  onOpen: (url) => console.log(`bridge: the core asks to open ${url}`),
  onConfirm: (q) => console.log(`bridge: main would ask "${q.message}" (${q.detail}); answering yes`),
});
const bridge = await startBridge({
  service: core.service,
  port: Number(values.port),
  rendererDir: values.renderer ? path.resolve(values.renderer) : path.join(root, 'out/renderer'),
});
core.service.start();
console.log(`bridge: ${bridge.url} (data in ${dataDir})`);

const stop = async () => {
  await bridge.close();
  await core.shutdown();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
