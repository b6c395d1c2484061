/**
 * `npm run demo`: the app in your browser with no Electron and no Microsoft account. Starts two children, the fake
 * cloud (e2e/fake-cloud/cli.ts, its seeded demo account) and the bridge (serve.ts: the built renderer against the
 * real core, sign-ins completed in the background), prints ONE line with the URL, and on Ctrl+C (SIGINT) or SIGTERM
 * stops both and deletes the temp folder that held the data dir and the env file. Runs after `npm run build`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

const root = path.resolve(import.meta.dirname, '../..');
const work = mkdtempSync(path.join(tmpdir(), 'onedrive-mirror-demo-'));
const children: { name: string; proc: ChildProcess; stderr: string[] }[] = [];
let stopping = false;

function start(name: string, script: string, args: string[], env: NodeJS.ProcessEnv) {
  const proc = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: Ctrl+C reaches only this script, which stops the children in order.
    detached: true,
  });
  const child = { name, proc, stderr: [] as string[] };
  proc.stderr!.on('data', (d: Buffer) => child.stderr.push(d.toString()));
  proc.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(`demo: the ${name} stopped unexpectedly (${signal ?? `exit ${code}`}):\n${child.stderr.join('')}`);
    void stop(1);
  });
  children.push(child);
  return proc;
}

/** Resolves with the first stdout line that `pick` accepts (collecting the lines before it). */
function waitForLine(proc: ChildProcess, pick: (line: string, seen: string[]) => boolean): Promise<string[]> {
  return new Promise((resolve) => {
    const seen: string[] = [];
    const lines = createInterface({ input: proc.stdout! });
    lines.on('line', (line) => {
      seen.push(line);
      if (pick(line, seen)) {
        lines.removeAllListeners('line');
        lines.on('line', () => {}); // keep draining
        resolve(seen);
      }
    });
  });
}

async function stop(code: number): Promise<never> {
  stopping = true;
  await Promise.all(
    children.map(
      ({ proc }) =>
        new Promise<void>((resolve) => {
          if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
          proc.once('exit', () => resolve());
          proc.kill('SIGTERM');
        }),
    ),
  );
  rmSync(work, { recursive: true, force: true });
  process.exit(code);
}
process.once('SIGINT', () => void stop(0));
process.once('SIGTERM', () => void stop(0));

const fake = start('fake cloud', 'e2e/fake-cloud/cli.ts', [], {
  ...process.env,
  FAKE_CLOUD_ENV_FILE: path.join(work, 'fake-cloud.env'),
});
const envLines = await waitForLine(fake, (line) => line.startsWith('NODE_EXTRA_CA_CERTS='));
const cloudEnv = Object.fromEntries(envLines.map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]));

const bridge = start('bridge', 'e2e/bridge/serve.ts', ['--auto-sign-in', '--data-dir', path.join(work, 'data')], {
  ...process.env,
  ...cloudEnv,
});
const [listening] = (await waitForLine(bridge, (line) => line.startsWith('bridge: http'))).slice(-1);
const url = /^bridge: (\S+)/.exec(listening!)![1]!;
console.log(`OneDrive Mirror demo: ${url}  (a fake OneDrive with the account demo@outlook.com; Ctrl+C stops it)`);
