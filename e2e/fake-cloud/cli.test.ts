import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'fake-cloud-cli-'));
let child: ChildProcess | undefined;

afterAll(() => {
  child?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

function waitForEnvLines(proc: ChildProcess): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('NODE_EXTRA_CA_CERTS=')) {
        resolve(
          Object.fromEntries(
            out
              .trim()
              .split('\n')
              .map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]),
          ),
        );
      }
    });
    proc.once('exit', (code) => reject(new Error(`fake-cloud cli exited with ${code}`)));
  });
}

describe('npm run fake-cloud', () => {
  it('prints env lines that let a fresh Node process trust the cloud and sign in by device code', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'e2e/fake-cloud/cli.ts'], {
      env: { ...process.env, FAKE_CLOUD_ENV_FILE: join(dir, 'env') },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const env = await waitForEnvLines(child);
    expect(env.ONEDRIVE_MIRROR_AUTHORITY).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/common$/);
    expect(env.ONEDRIVE_MIRROR_GRAPH_URL).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/v1\.0$/);
    expect(readFileSync(join(dir, 'env'), 'utf8')).toContain(`NODE_EXTRA_CA_CERTS=${env.NODE_EXTRA_CA_CERTS}`);

    // A separate process that trusts the CA only through NODE_EXTRA_CA_CERTS, running the real msal-node.
    const script = `
      const { PublicClientApplication } = require('@azure/msal-node');
      const authority = process.env.ONEDRIVE_MIRROR_AUTHORITY;
      const app = new PublicClientApplication({ auth: { clientId: process.env.ONEDRIVE_MIRROR_CLIENT_ID, authority,
        knownAuthorities: [new URL(authority).host] } });
      app.acquireTokenByDeviceCode({ scopes: ['Files.Read'], deviceCodeCallback: () => {} })
        .then(async (r) => {
          const drive = await fetch(process.env.ONEDRIVE_MIRROR_GRAPH_URL + '/me/drive/root/children',
            { headers: { Authorization: 'Bearer ' + r.accessToken } }).then((x) => x.json());
          console.log(JSON.stringify({ user: r.account.username, names: drive.value.map((i) => i.name) }));
        }, (e) => { console.error(e); process.exit(1); });`;
    const { stdout } = await run(process.execPath, ['-e', script], { env: { ...process.env, ...env }, timeout: 20_000 });
    const result = JSON.parse(stdout) as { user: string; names: string[] };
    expect(result.user).toBe('demo@outlook.com');
    expect(result.names).toContain('Documents');
  });
});
