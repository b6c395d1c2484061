// `npm test`: the checks that need no build (ESLint + Prettier, tsc) run beside the build, each on its own core;
// then Vitest (two workers fill both cores), then the Playwright specs beside the quick bench.
// Stops at the first failure with its exit code. A parallel step's output is printed whole when it ends.
import { spawn } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(args, { buffered = false } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(npm, args, { stdio: buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let out = '';
    if (buffered) {
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
    }
    child.on('close', (code, signal) => {
      const seconds = Math.round((Date.now() - started) / 1000);
      if (buffered) process.stdout.write(out);
      console.log(`test: npm ${args.join(' ')} ${code === 0 ? 'passed' : `failed (${signal ?? code})`} in ${seconds} s`);
      resolve(code ?? 1);
    });
  });
}

const started = Date.now();
const parallel = await Promise.all([
  run(['run', 'lint'], { buffered: true }),
  run(['run', 'typecheck'], { buffered: true }),
  run(['run', 'build'], { buffered: true }),
]);
let failed = parallel.find((code) => code !== 0) ?? 0;
if (!failed) failed = await run(['run', 'test:unit']);
// The browser specs (one worker) beside the bench smoke run (no thresholds, so sharing the cores costs it nothing).
if (!failed) {
  const last = await Promise.all([run(['run', 'test:e2e']), run(['run', 'bench', '--', '--quick'], { buffered: true })]);
  failed = last.find((code) => code !== 0) ?? 0;
}
console.log(`test: ${failed ? 'FAILED' : 'all passed'} in ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(failed);
