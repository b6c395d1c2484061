// Playwright global setup: the specs need the built renderer (and the Electron spec the built main/preload).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export default function globalSetup(): void {
  const root = path.resolve(import.meta.dirname, '..');
  const outputs = ['out/renderer/index.html', 'out/main/index.js', 'out/preload/index.cjs'];
  if (outputs.every((f) => existsSync(path.join(root, f)))) return;
  console.log('e2e: out/ is incomplete, running npm run build');
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
}
