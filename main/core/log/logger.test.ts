import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { createLogger } from './logger';
import { scrubText, scrubValue } from './scrub';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'odm-log-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

// Realistic-looking secrets, each unique so a leak of any one is found.
const JWT =
  'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJzY3AiOiJGaWxlcy5SZWFkIn0.c2lnbmF0dXJlLXBhcnQtb2YtdGhlLWp3dA';
const MSA_ACCESS =
  'EwB4A8l6BAAUbDba3x2OMJElkF7gJ4z/VbCPEz0AAWy1Fnt3bQ8ZK3Q2JNDtMnGVaZ5ZX6Qa7bS0pB9sLqQ1Xb6pTqGv3z9YAAAQc5nNk3wPz8aK1z7c2TQm0x4eA/jH9Q1lX2WuVqjS5dG7rT3hL0pK8mZ1nY4fE6bC9vA2xW==';
const MSA_REFRESH =
  'M.C519_BAY.0.U.-CsQ9n1r!kD3*Zp7u8q2Lw4bT6yV0xE5cR1aS9dF3gH7jK2lM4nB6vC8xZ0qW2eR4tY6uI8oP$Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8';
const CODE = 'M.R3_BAY.c0d3-0f-4uth0r1z4t10n';
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const PASSWORD = 'hunter2-correct-horse';
const TEMPAUTH = 'v1.eyJzaXRlaWQiOiJhYmMifQ.tempauthsig123456789';

const SECRETS = [JWT, MSA_ACCESS, MSA_REFRESH, CODE, VERIFIER, PASSWORD, TEMPAUTH, 'c2lnbmF0dXJlLXBhcnQtb2YtdGhlLWp3dA'];

async function logEverything(): Promise<string> {
  const logger = createLogger({ dir, level: 'debug', name: 'app' });
  // fields, flat and nested, in every casing
  logger.info('token response', {
    accessToken: MSA_ACCESS,
    refresh_token: MSA_REFRESH,
    id_token: JWT,
    password: PASSWORD,
    code_verifier: VERIFIER,
    headers: { authorization: `Bearer ${JWT}`, 'content-type': 'application/json' },
    request: { headers: { Authorization: `Bearer ${MSA_ACCESS}` } },
    deep: { a: { b: { c: { refreshToken: MSA_REFRESH, list: [{ token: JWT }] } } } },
  });
  // message text
  logger.warn(`GET /me failed with Authorization: Bearer ${MSA_ACCESS}`);
  logger.debug(`redirect http://127.0.0.1:53000/?code=${CODE}&state=xyz`);
  logger.debug(`POST /token body grant_type=refresh_token&refresh_token=${encodeURIComponent(MSA_REFRESH)}&client_id=abc`);
  logger.debug(`response {"token_type":"Bearer","access_token":"${MSA_ACCESS}","refresh_token":"${MSA_REFRESH}"}`);
  logger.info(`download https://public.dm.files.1drv.com/y4m/file.txt?tempauth=${TEMPAUTH}`);
  logger.info(`a raw token ${MSA_ACCESS} and a raw jwt ${JWT} in prose`);
  // string field values that are not under a secret key
  logger.info('url', { url: `https://login.example/cb?code=${CODE}`, note: `Bearer ${JWT}` });
  // error objects: message, stack, own fields, cause
  const cause = new Error(`invalid_grant for refresh_token=${MSA_REFRESH}`);
  const err = Object.assign(new AppError('reconnect_required', `token ${JWT} expired`, undefined, { cause }), {
    response: {
      status: 401,
      headers: { Authorization: `Bearer ${MSA_ACCESS}` },
      body: `{"access_token":"${MSA_ACCESS}"}`,
    },
  });
  logger.error('sign-in failed', { err });
  logger.error('plain error', { error: new Error(`Bearer ${MSA_ACCESS}`) });
  // child bindings
  logger.child({ profileId: 'p1', accessToken: MSA_ACCESS }).info('child line', { ok: true });
  await logger.flush();
  logger.close();
  return fs.readFile(path.join(dir, 'app.log'), 'utf8');
}

describe('logger redaction', () => {
  it('lets no token through fields, nested objects, message text, errors or child bindings', async () => {
    const out = await logEverything();
    for (const secret of SECRETS) expect(out, `leaked ${secret.slice(0, 12)}...`).not.toContain(secret);
    expect(out).not.toContain(encodeURIComponent(MSA_REFRESH));
    // what is not secret is still there, so the log stays useful
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(11);
    expect(lines[0]).toMatchObject({
      level: 'info',
      msg: 'token response',
      accessToken: '[redacted]',
      headers: { authorization: '[redacted]', 'content-type': 'application/json' },
    });
    expect(out).toContain('redirect http://127.0.0.1:53000/?code=[redacted]&state=xyz');
    expect(out).toContain('client_id=abc');
    expect(out).toContain('"token_type\\":\\"Bearer');
    const errLine = lines.find((l) => l.msg === 'sign-in failed') as { err: Record<string, unknown> };
    expect(errLine.err).toMatchObject({
      type: 'AppError',
      code: 'reconnect_required',
      response: { status: 401 },
    });
    expect(String(errLine.err.stack)).toContain('logger.test.ts');
    expect(lines.at(-1)).toMatchObject({ profileId: 'p1', accessToken: '[redacted]', msg: 'child line' });
  });

  it.each([
    [
      'a device code in a form body',
      'grant_type=urn:ietf:params:oauth:grant-type:device_code&device_code=DC-short-1234&client_id=abc',
      'DC-short-1234',
    ],
    [
      'a device code in JSON',
      '{"user_code":"ABCD-EFGH","device_code":"DAQABAAEAAAB-short","expires_in":900}',
      'DAQABAAEAAAB-short',
    ],
    ['a device code under its own key', 'device code {"deviceCode":"DAQ-key-short"}', 'DAQ-key-short'],
    [
      'a short personal download URL path token',
      'GET https://public.bn.files.1drv.com/y4mAbC12_dEf-tok/a.txt?download&psid=1',
      'y4mAbC12_dEf-tok',
    ],
    [
      'a short tempauth',
      'GET https://x.sharepoint.com/_layouts/15/download.aspx?UniqueId=1&tempauth=v1.ab.cd&ApiVersion=2.0',
      'v1.ab.cd',
    ],
    ['a short SAS signature', 'GET https://acct.blob.core.windows.net/c/f?sv=2020-08-04&sig=AbCd%2Fef&se=2024', 'AbCd%2Fef'],
  ])('masks %s', (_name, line, secret) => {
    expect(scrubText(line)).not.toContain(secret);
    expect(JSON.stringify(scrubValue(JSON.parse(`{"msg":${JSON.stringify(line)},"deviceCode":"${secret}"}`)))).not.toContain(
      secret,
    );
  });

  it('leaves ordinary text alone: paths, ids, hashes, delta links without credentials', () => {
    const ordinary = [
      'Downloaded /home/user/OneDrive/Documents/Quarterly Report 2024 (final).docx',
      'item 01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K in drive b!t18F8ybsHUq1z3LTz8xvZqP8zaSWjkFNhsME-Fepo75dTf9vQKfeRblBZjoSQrd7',
      'quickXorHash aCgDG9jwBhDc4Q1yawMZAAAAAAA=',
      'etag "{8C9F4A58-1F4B-4C2A-9B1E-5D2E6A4F7C3B},12"',
    ];
    for (const line of ordinary) expect(scrubText(line)).toBe(line);
  });
});

describe('logger files', () => {
  it('rotates by size and keeps only the configured number of old files', async () => {
    const logger = createLogger({ dir, name: 'cli', maxBytes: 2_000, keep: 3 });
    for (let i = 0; i < 200; i++) logger.info('line', { i, pad: 'x'.repeat(50) });
    logger.close();
    const names = (await fs.readdir(dir)).sort();
    expect(names).toEqual(['cli.log', 'cli.log.1', 'cli.log.2', 'cli.log.3']);
    for (const n of names) expect((await fs.stat(path.join(dir, n))).size).toBeLessThanOrEqual(2_000);
    const newest = (await fs.readFile(path.join(dir, 'cli.log'), 'utf8')).trim().split('\n');
    expect(JSON.parse(newest.at(-1)!)).toMatchObject({ i: 199 });
    const older = (await fs.readFile(path.join(dir, 'cli.log.1'), 'utf8')).trim().split('\n');
    expect((JSON.parse(older.at(-1)!) as { i: number }).i).toBe((JSON.parse(newest[0]!) as { i: number }).i - 1);
  });

  it('appends to an existing log and respects the level', async () => {
    const first = createLogger({ dir, level: 'warn' });
    first.info('hidden');
    first.warn('shown', { n: 1 });
    first.close();
    const second = createLogger({ dir });
    second.debug('hidden too');
    second.error('also shown');
    second.close();
    const lines = (await fs.readFile(path.join(dir, 'app.log'), 'utf8')).trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['shown', 'also shown']);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'warn', n: 1, pid: process.pid });
    expect(typeof (JSON.parse(lines[0]!) as { time: unknown }).time).toBe('string');
  });

  it("writes a key bound by a parent and again by a child once, with the child's value", async () => {
    const logger = createLogger({ dir });
    const auth = logger.child({ component: 'auth' }).child({ component: 'auth', profileId: 'p1' });
    auth.info('one');
    auth.child({ profileId: 'p2' }).info('two');
    logger.info('three');
    logger.close();
    const lines = (await fs.readFile(path.join(dir, 'app.log'), 'utf8')).trim().split('\n');
    for (const line of lines) {
      const keys = [...line.matchAll(/"([a-zA-Z]+)":/g)].map((m) => m[1]);
      expect(keys, line).toEqual([...new Set(keys)]);
    }
    expect(lines.map((l) => JSON.parse(l) as object)).toEqual([
      expect.objectContaining({ component: 'auth', profileId: 'p1', msg: 'one' }),
      expect.objectContaining({ component: 'auth', profileId: 'p2', msg: 'two' }),
      expect.not.objectContaining({ component: 'auth' }),
    ]);
  });

  it('starts a new file when the log folder is deleted under it', async () => {
    const logger = createLogger({ dir: path.join(dir, 'logs'), checkEveryMs: 0 });
    logger.info('before');
    await fs.rm(path.join(dir, 'logs'), { recursive: true });
    expect(() => logger.info('after')).not.toThrow();
    logger.close();
    const text = await fs.readFile(path.join(dir, 'logs', 'app.log'), 'utf8');
    expect(text).toContain('"msg":"after"');
  });
});
