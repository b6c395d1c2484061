/**
 * The power settings through the built CLI (`npm run build` first): `settings set pause-on-battery|pause-on-metered
 * on|off` and `settings get --json` show them; both default on. The CLI itself never pauses for power.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuiltCli, startCli, type CliResult } from './harness';

let tmp: string;
let env: NodeJS.ProcessEnv;
const cli = (...args: string[]): Promise<CliResult> => startCli(args, env).done;

beforeAll(async () => {
  assertBuiltCli();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'odm-cli-settings-'));
  env = { PATH: process.env.PATH, HOME: path.join(tmp, 'home'), ONEDRIVE_MIRROR_DATA_DIR: path.join(tmp, 'data') };
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('settings: pause on battery and on metered connections', () => {
  it('change with set (metered stays at its default, on), and show in get (table and --json)', async () => {
    // A first command that writes makes the data folder (a read-only one refuses a folder that is not there).
    const set = await cli('settings', 'set', 'pause-on-battery', 'off');
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('pause-on-battery is now off.');
    const bad = await cli('settings', 'set', 'pause-on-metered', 'sometimes');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('pause-on-metered must be on or off (got "sometimes").');

    const got = await cli('settings', 'get', '--json');
    expect(got.code, got.stderr).toBe(0);
    expect(JSON.parse(got.stdout)).toMatchObject({ pauseOnBattery: false, pauseOnMetered: true }); // metered: the default
    const table = (await cli('settings', 'get')).stdout;
    expect(table).toMatch(/pause-on-battery\s+off/);
    expect(table).toMatch(/pause-on-metered\s+on/);
  });
});
