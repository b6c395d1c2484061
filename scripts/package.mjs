// npm run package: build, then electron-builder for this platform (electron-builder.yml; output in dist/).
// electron-builder downloads Electron from GitHub unless it is given one: we hand it node_modules/electron/dist.
// Without that binary (CI here, Node 20, no network) we stop with one paragraph instead of a download that hangs.
// ODM_PACKAGE_DOWNLOAD=1 lets electron-builder download Electron itself. Extra arguments go to electron-builder.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { findElectronBinary } from './electron-binary.mjs';

const root = process.cwd();
const found = findElectronBinary(root);
const download = process.env.ODM_PACKAGE_DOWNLOAD === '1';
if (!found.ok && !download) {
  console.error(
    [
      '',
      `npm run package cannot package the app here: ${found.why}.`,
      'electron-builder packs that binary (it is downloaded by `npm ci` on Node.js 22.12+ with network access, or by',
      '`node node_modules/electron/install.js`). To let electron-builder download Electron itself instead, run',
      '`ODM_PACKAGE_DOWNLOAD=1 npm run package`.',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

const run = (args) => spawnSync(args[0], args.slice(1), { stdio: 'inherit', cwd: root });
const build = run([process.execPath, 'scripts/build.mjs']);
if (build.status !== 0) process.exit(build.status ?? 1);

const builder = path.join(root, 'node_modules/electron-builder/cli.js');
const dist = found.ok ? [`-c.electronDist=${path.dirname(found.binary)}`] : [];
const pack = run([process.execPath, builder, ...dist, ...process.argv.slice(2)]);
process.exit(pack.status ?? 1);
