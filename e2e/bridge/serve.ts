/**
 * A runnable bridge host: `npx tsx e2e/bridge/serve.ts [--port N] [--renderer DIR]` (after `npm run build`).
 * Composes the core with Node ports and serves the built renderer on 127.0.0.1 until Ctrl+C.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createPlaceholderService } from './placeholder-service';
import { startBridge } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.BRIDGE_PORT ?? '0' },
    renderer: { type: 'string' },
  },
});

const root = path.resolve(import.meta.dirname, '../..');
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };

// TODO(lead): compose the real core here with Node ports (createCore from main/core/compose.ts:
// data dir from ONEDRIVE_MIRROR_DATA_DIR, `trash` package, console BrowserOpener, no PowerEvents).
const service = createPlaceholderService(version);

const bridge = await startBridge({
  service,
  port: Number(values.port),
  rendererDir: values.renderer ? path.resolve(values.renderer) : path.join(root, 'out/renderer'),
  // A browser has no native folder picker: the UI shows a text field when this answers null.
  overrides: { 'dialog:chooseDirectory': async () => null },
});
console.log(`bridge: ${bridge.url}`);

const stop = async () => {
  await bridge.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
