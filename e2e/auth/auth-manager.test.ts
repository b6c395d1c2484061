/**
 * The sign-in layer against the fake Microsoft cloud over HTTPS, with the real msal-node: device code, headless
 * interactive sign-in, silent reuse from a second manager, refresh near expiry, single-flight, error classes,
 * sign-out, reconnect with the wrong account, cancel and time-out, and no token ever reaching a log.
 */
import { execFile } from 'node:child_process';
import { readFile, stat, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError, isAppError } from '../../main/core/errors';
import type { BrowserOpener, Logger, LogFields } from '../../main/core/ports';
import { createNodeSecretBox } from '../../main/cli/secret-box-node';
import { createLogger, type FileLogger } from '../../main/core/log/logger';
import { createAuthManager, type AuthManager } from '../../main/core/auth/auth-manager';
import { resolveCloud } from '../../main/core/auth/cloud-config';
import { AUTHORITY_METADATA_FILE } from '../../main/core/auth/authority-metadata';
import { submitAuthorizePage } from '../fake-cloud';
import { startFake, type Fake, type FakeAccount } from './fake';

const execFileAsync = promisify(execFile);

/**
 * Records every log line with its fields, unscrubbed, so tests can search what our code wrote; also passes
 * each line on to the app's real file logger, whose file is searched too.
 */
function recordingLogger(lines: string[], sink: Logger, bindings: LogFields = {}): Logger {
  const write = (level: 'debug' | 'info' | 'warn' | 'error') => (msg: string, fields?: LogFields) => {
    lines.push(`${level} ${msg} ${JSON.stringify({ ...bindings, ...fields })}`);
    sink[level](msg, fields);
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (b) => recordingLogger(lines, sink.child(b), { ...bindings, ...b }),
  };
}

/** A browser without a screen: the fake's authorize page auto-posts to MSAL's loopback server; keeps our reply page. */
function headlessBrowser(pages: string[]): BrowserOpener {
  return {
    async open(url) {
      pages.push(await (await submitAuthorizePage(url)).text());
    },
  };
}

/** A browser the user never finishes signing in with. */
const idleBrowser = (opened: string[]): BrowserOpener => ({
  open: async (url) => void opened.push(url),
});

async function appErrorOf(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
  if (!isAppError(e)) throw e;
  return e;
}

let fake: Fake;
let untrust: () => void;
let logsDir: string;
let fileLogger: FileLogger;
let alice: FakeAccount;
let bob: FakeAccount;
let dir: string;
/** All log output of the file (the secrets test searches it); logStart marks the current test's first line. */
const logLines: string[] = [];
let logStart = 0;
const managers: AuthManager[] = [];
/** Every token the tests saw, to prove none reached a log line or an error message. */
const seenSecrets = new Set<string>();
const errorMessages: string[] = [];

beforeAll(async () => {
  logsDir = await mkdtemp(path.join(tmpdir(), 'odm-auth-logs-'));
  fileLogger = createLogger({ dir: logsDir, level: 'debug', name: 'auth-test' });
  fake = await startFake();
  untrust = fake.trust();
  alice = fake.createAccount('alice@outlook.com');
  bob = fake.createAccount('bob@outlook.com');
});

afterAll(async () => {
  untrust?.();
  await fake?.close();
  fileLogger?.close();
  if (logsDir) await rm(logsDir, { recursive: true, force: true });
});

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'odm-auth-'));
  logStart = logLines.length;
  fake.reset();
});

afterEach(async () => {
  for (const m of managers.splice(0)) m.dispose();
  await collectCacheSecrets();
  await rm(dir, { recursive: true, force: true });
});

async function collectCacheSecrets(): Promise<void> {
  const file = path.join(dir, 'tokens', 'p1');
  const text = await readFile(file, 'utf8').catch(() => null);
  if (!text) return;
  const cache = JSON.parse(text) as Record<string, Record<string, { secret?: string }>>;
  for (const section of ['AccessToken', 'RefreshToken', 'IdToken']) {
    for (const entry of Object.values(cache[section] ?? {})) if (entry.secret) seenSecrets.add(entry.secret);
  }
}

function manager(browser: BrowserOpener = headlessBrowser([]), cloud: Fake = fake): AuthManager {
  const logger = recordingLogger(logLines, fileLogger);
  const m = createAuthManager({
    cloud: resolveCloud(
      { clientId: 'test-client', preset: 'custom', tenant: 'common', authorityHost: null, graphUrl: null },
      { ONEDRIVE_MIRROR_AUTHORITY: cloud.authority, ONEDRIVE_MIRROR_GRAPH_URL: cloud.graphUrl },
    ),
    tokensDir: path.join(dir, 'tokens'),
    authorityMetadataFile: path.join(dir, AUTHORITY_METADATA_FILE),
    secretBox: createNodeSecretBox(logger),
    browserOpener: browser,
    logger,
  });
  managers.push(m);
  return m;
}

async function token(m: AuthManager, homeAccountId: string, o?: { forceRefresh?: boolean }): Promise<string> {
  const t = await m.token('p1', homeAccountId, o);
  seenSecrets.add(t);
  return t;
}

async function expectAppError(p: Promise<unknown>, code: string): Promise<AppError> {
  const e = await appErrorOf(p);
  errorMessages.push(e.message);
  expect(e.code).toBe(code);
  return e;
}

async function signInWithDeviceCode(m: AuthManager, account: FakeAccount) {
  fake.approveDeviceCodesAs(account);
  return m.signInDeviceCode('p1', { onMessage: () => {} });
}

describe('sign-in', () => {
  it('signs in with a device code and shows the service message', async () => {
    const messages: string[] = [];
    fake.approveDeviceCodesAs(alice);
    const account = await manager().signInDeviceCode('p1', { onMessage: (m) => messages.push(m) });

    expect(account).toEqual({ homeAccountId: alice.homeAccountId, username: 'alice@outlook.com', tenantId: alice.tid });
    expect(messages).toEqual([expect.stringMatching(/enter the code [0-9A-F]+/)]);
    expect((await stat(path.join(dir, 'tokens', 'p1'))).mode & 0o777).toBe(0o600);
    expect(logLines.slice(logStart).filter((l) => l.includes('unencrypted'))).toHaveLength(1);
  });

  it('signs in interactively through the loopback redirect and shows our own success page', async () => {
    const pages: string[] = [];
    fake.signInBrowserAs(alice);
    const account = await manager(headlessBrowser(pages)).signInInteractive('p1');

    expect(account.username).toBe('alice@outlook.com');
    expect(account.homeAccountId).toBe(alice.homeAccountId);
    expect(pages).toEqual([expect.stringContaining('You can close this tab')]);
  });

  it('turns a refusal in the browser into cancelled', async () => {
    fake.signInBrowserAs(null);
    await expectAppError(manager().signInInteractive('p1'), 'cancelled');
  });

  it('cancels a waiting interactive sign-in and frees the loopback server', async () => {
    const opened: string[] = [];
    const controller = new AbortController();
    const m = manager(idleBrowser(opened));
    const pending = m.signInInteractive('p1', { signal: controller.signal });
    await expect.poll(() => opened.length).toBe(1);
    controller.abort();
    const e = await expectAppError(pending, 'cancelled');
    expect(e.message).toMatch(/cancelled/);

    const redirect = new URL(new URL(opened[0]!).searchParams.get('redirect_uri')!);
    redirect.hostname = '127.0.0.1';
    await expect
      .poll(() =>
        fetch(redirect).then(
          () => 'open',
          () => 'closed',
        ),
      )
      .toBe('closed');
  });

  it('gives up on an interactive sign-in after the time-out with a clear message', async () => {
    const e = await expectAppError(manager(idleBrowser([])).signInInteractive('p1', { timeoutMs: 200 }), 'timeout');
    expect(e.message).toMatch(/not finished within .*Try again/);
  });

  it('cancels a device-code sign-in that is still waiting for the user', async () => {
    fake.holdDeviceCodes();
    const controller = new AbortController();
    const pending = manager().signInDeviceCode('p1', { signal: controller.signal, onMessage: () => controller.abort() });
    await expectAppError(pending, 'cancelled');
  });

  it('passes on a browser that cannot be opened and frees the loopback server', async () => {
    const opened: string[] = [];
    const broken: BrowserOpener = {
      open: async (url) => {
        opened.push(url);
        throw new AppError('not_configured', 'Could not start xdg-open to open a browser (ENOENT). Try --device-code.');
      },
    };
    const e = await expectAppError(manager(broken).signInInteractive('p1'), 'not_configured');
    expect(e.message).toMatch(/--device-code/);
    const redirect = new URL(new URL(opened[0]!).searchParams.get('redirect_uri')!);
    redirect.hostname = '127.0.0.1';
    await expect
      .poll(() =>
        fetch(redirect).then(
          () => 'open',
          () => 'closed',
        ),
      )
      .toBe('closed');
  });

  it('ends a waiting sign-in as cancelled when the manager is disposed', async () => {
    const opened: string[] = [];
    const m = manager(idleBrowser(opened));
    const pending = m.signInInteractive('p1');
    await expect.poll(() => opened.length).toBe(1);
    m.dispose();
    await expectAppError(pending, 'cancelled');
  });

  it('refuses to sign in while tokens could not be stored safely', async () => {
    const m = createAuthManager({
      cloud: resolveCloud(
        { clientId: 'test-client', preset: 'custom', tenant: 'common', authorityHost: null, graphUrl: null },
        { ONEDRIVE_MIRROR_AUTHORITY: fake.authority, ONEDRIVE_MIRROR_GRAPH_URL: fake.graphUrl },
      ),
      tokensDir: path.join(dir, 'tokens'),
      secretBox: { protection: 'unavailable', encrypt: () => Buffer.alloc(0), decrypt: () => '' },
      browserOpener: idleBrowser([]),
      logger: recordingLogger(logLines, fileLogger),
    });
    managers.push(m);
    const e = await expectAppError(m.signInDeviceCode('p1', { onMessage: () => {} }), 'not_configured');
    expect(e.message).toMatch(/cannot be stored securely/);
    expect(fake.deviceCodeRequests()).toBe(0);
  });

  it('refuses a reconnect with another account, naming both, and keeps only the expected account', async () => {
    const m = manager();
    await signInWithDeviceCode(m, alice);
    fake.signInBrowserAs(bob);
    const e = await expectAppError(m.signInInteractive('p1', { expectHomeAccountId: alice.homeAccountId }), 'bad_input');
    expect(e.message).toContain('bob@outlook.com');
    expect(e.message).toContain('alice@outlook.com');

    await expectAppError(m.token('p1', bob.homeAccountId), 'reconnect_required');
    expect(await token(m, alice.homeAccountId)).toBeTruthy();
  });

  it('proposes the expected account on reconnect and lets the user choose on a new sign-in', async () => {
    const m = manager();
    await signInWithDeviceCode(m, bob);
    // No decision scripted: the fake signs in the login_hint's account, else the default one (alice).
    await expect(m.signInInteractive('p1', { expectHomeAccountId: bob.homeAccountId })).resolves.toMatchObject({
      username: 'bob@outlook.com',
    });
    const authorize = fake.authorizeRequests();
    expect(authorize.at(-1)).toMatchObject({ loginHint: 'bob@outlook.com' });

    await manager().signInInteractive('p2');
    expect(fake.authorizeRequests().at(-1)).toMatchObject({ loginHint: undefined, prompt: 'select_account' });
  });

  it('accepts a reconnect with the same account', async () => {
    const m = manager();
    await signInWithDeviceCode(m, alice);
    fake.signInBrowserAs(alice);
    await expect(m.signInInteractive('p1', { expectHomeAccountId: alice.homeAccountId })).resolves.toMatchObject({
      homeAccountId: alice.homeAccountId,
    });
  });
});

describe('token', () => {
  it('reuses the persisted cache from a second manager without asking the token endpoint', async () => {
    await signInWithDeviceCode(manager(), alice);
    const before = fake.tokenRequests();
    const second = manager();
    expect(await token(second, alice.homeAccountId)).toBeTruthy();
    expect(fake.tokenRequests()).toBe(before);
  });

  it('reuses the persisted cache from a second process', async () => {
    const m = manager();
    await signInWithDeviceCode(m, alice);
    const mine = await token(m, alice.homeAccountId);
    const before = fake.tokenRequests();
    expect(JSON.parse(await tokenInChild(alice.homeAccountId))).toEqual({ token: mine });
    expect(fake.tokenRequests()).toBe(before);
  });

  /** token-child.ts: a process of its own asks for a token from the persisted cache; its stdout. */
  async function tokenInChild(homeAccountId: string): Promise<string> {
    const { stdout } = await execFileAsync(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(new URL('./token-child.ts', import.meta.url)),
        path.join(dir, 'tokens'),
        'p1',
        homeAccountId,
      ],
      {
        env: {
          ...process.env,
          ONEDRIVE_MIRROR_CLIENT_ID: 'test-client',
          ONEDRIVE_MIRROR_AUTHORITY: fake.authority,
          ONEDRIVE_MIRROR_GRAPH_URL: fake.graphUrl,
          NODE_EXTRA_CA_CERTS: fake.caPath,
        },
        timeout: 20_000,
      },
    );
    return stdout;
  }

  it('a second process asks for neither a token nor the authority metadata: the first one kept both', async () => {
    const m = manager();
    await signInWithDeviceCode(m, alice);
    const mine = await token(m, alice.homeAccountId);
    expect(fake.openIdRequests()).toBe(1); // the first process had to ask
    fake.reset();
    expect(JSON.parse(await tokenInChild(alice.homeAccountId))).toEqual({ token: mine });
    expect({ openid: fake.openIdRequests(), token: fake.tokenRequests() }).toEqual({ openid: 0, token: 0 });
  });

  it('asks for the authority metadata again when the kept copy is unusable, and keeps the new one', async () => {
    const m = manager();
    await signInWithDeviceCode(m, alice);
    const file = path.join(dir, AUTHORITY_METADATA_FILE);
    const good = JSON.parse(await readFile(file, 'utf8')) as { fetchedAt: number; openIdConfiguration: Record<string, unknown> };
    const day = 24 * 3600_000;
    const bad: Record<string, string> = {
      'not JSON': '{"authority": ',
      'another authority': JSON.stringify({ ...good, authority: 'https://login.example.test/common' }),
      'older than a day': JSON.stringify({ ...good, fetchedAt: Date.now() - day - 60_000 }),
      'a token endpoint elsewhere': JSON.stringify({
        ...good,
        openIdConfiguration: { ...good.openIdConfiguration, token_endpoint: 'https://attacker.example.test/token' },
      }),
    };
    for (const [what, text] of Object.entries(bad)) {
      await writeFile(file, text);
      fake.reset();
      expect(await token(manager(), alice.homeAccountId), what).toBeTruthy();
      expect(fake.openIdRequests(), what).toBe(1);
      const kept = JSON.parse(await readFile(file, 'utf8')) as typeof good;
      expect(kept.openIdConfiguration, what).toEqual(good.openIdConfiguration);
    }
  });

  it('refreshes a token that is about to expire', async () => {
    fake.setExpiresIn(120); // under MSAL's 300 s renewal offset
    const m = manager();
    await signInWithDeviceCode(m, alice);
    const before = fake.tokenRequests();
    const first = await token(m, alice.homeAccountId);
    const second = await token(m, alice.homeAccountId);
    expect(fake.tokenRequests()).toBe(before + 2);
    expect(second).not.toBe(first);
  });

  it('refreshes once for twenty concurrent callers', async () => {
    fake.setExpiresIn(120);
    const m = manager();
    await signInWithDeviceCode(m, alice);
    const before = fake.tokenRequests();
    const tokens = await Promise.all(Array.from({ length: 20 }, () => token(m, alice.homeAccountId)));
    expect(fake.tokenRequests()).toBe(before + 1);
    expect(new Set(tokens).size).toBe(1);
  });

  it.each([
    ['with suberror bad_token (InteractionRequiredAuthError)', 'bad_token'],
    ['without suberror (ServerError invalid_grant)', null],
  ])('classifies invalid_grant %s as reconnect_required', async (_name, suberror) => {
    fake.setExpiresIn(120);
    const m = manager();
    await signInWithDeviceCode(m, alice);
    fake.revokeRefreshTokens(alice, suberror);
    const e = await expectAppError(m.token('p1', alice.homeAccountId), 'reconnect_required');
    expect(e.message).toMatch(/sign in again|reconnect/i);
  });

  it('classifies a 5xx from the token endpoint as offline', async () => {
    fake.setExpiresIn(120);
    const m = manager();
    await signInWithDeviceCode(m, alice);
    fake.failTokenEndpoint({ status: 500 });
    await expectAppError(m.token('p1', alice.homeAccountId), 'offline');
    // No Retry-After: the next call may ask again, and succeeds.
    expect(await token(m, alice.homeAccountId)).toBeTruthy();
  });

  it('keeps away for the Retry-After of a 503 and says offline meanwhile', async () => {
    fake.setExpiresIn(120);
    const m = manager();
    await signInWithDeviceCode(m, alice);
    fake.failTokenEndpoint({ status: 503, retryAfter: 30 });
    const e = await expectAppError(m.token('p1', alice.homeAccountId), 'offline');
    expect(e.retryAfterMs).toBe(30_000);
    const requests = fake.tokenRequests();
    await expectAppError(m.token('p1', alice.homeAccountId), 'offline');
    expect(fake.tokenRequests()).toBe(requests);
  });

  it('classifies a 429 as throttled with the Retry-After, and waits it out without asking again', async () => {
    fake.setExpiresIn(120);
    const m = manager();
    await signInWithDeviceCode(m, alice);
    fake.failTokenEndpoint({ status: 429, retryAfter: 7 });
    const e = await expectAppError(m.token('p1', alice.homeAccountId), 'throttled');
    expect(e.retryAfterMs).toBe(7000);
    const requests = fake.tokenRequests();
    const again = await expectAppError(m.token('p1', alice.homeAccountId), 'throttled');
    expect(again.retryAfterMs).toBeGreaterThan(5000);
    expect(fake.tokenRequests()).toBe(requests);
  });

  it('classifies an unreachable identity service as offline, not reconnect', async () => {
    const other = await startFake();
    const untrustOther = other.trust();
    try {
      const carol = other.createAccount('carol@outlook.com');
      other.setExpiresIn(120);
      other.approveDeviceCodesAs(carol);
      const m = manager(undefined, other);
      await m.signInDeviceCode('p1', { onMessage: () => {} });
      await other.close();
      await expectAppError(m.token('p1', carol.homeAccountId), 'offline');
    } finally {
      untrustOther();
      await other.close();
    }
  });

  it('rejects (never throws) for a profile id that could name another path', async () => {
    const p = manager().token('../p1', alice.homeAccountId);
    await expectAppError(p, 'bad_input');
  });

  it('says reconnect_required for an account the cache does not know', async () => {
    await expectAppError(manager().token('p1', 'nobody.tenant'), 'reconnect_required');
  });
});

describe('sign-out', () => {
  it('removes the account and deletes the cache file', async () => {
    const m = manager();
    await signInWithDeviceCode(m, alice);
    await token(m, alice.homeAccountId);
    await m.signOut('p1', alice.homeAccountId);
    await expect(stat(path.join(dir, 'tokens', 'p1'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expectAppError(manager().token('p1', alice.homeAccountId), 'reconnect_required');
  });

  it('waits for a refresh in flight so the deleted cache file stays deleted', async () => {
    fake.setExpiresIn(120);
    const m = manager();
    await signInWithDeviceCode(m, alice);
    const refreshing = token(m, alice.homeAccountId);
    await m.signOut('p1', alice.homeAccountId);
    await refreshing;
    await expect(stat(path.join(dir, 'tokens', 'p1'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('secrets', () => {
  it('never writes a token into a log line, the log file or an error message', async () => {
    expect(seenSecrets.size).toBeGreaterThan(5);
    // MSAL's own output is routed here too (e.g. its error line for a cancelled device code).
    expect(logLines.some((l) => l.includes('msal: '))).toBe(true);
    if (process.env.DUMP_AUTH_LOGS) console.log(logLines.join('\n'));
    const output = [...logLines, ...errorMessages].join('\n');
    for (const secret of seenSecrets) expect(output).not.toContain(secret);

    await fileLogger.flush();
    const file = await readFile(fileLogger.file!, 'utf8');
    expect(file).toContain('Token request failed');
    for (const secret of seenSecrets) expect(file).not.toContain(secret);
  });
});
