import { describe, expect, it } from 'vitest';
import { forCli } from './cli-wording';

const plain = { dataDirArg: null, retries: false };

describe('forCli', () => {
  it('names CLI commands where the app says Settings or Reconnect', () => {
    expect(
      forCli('No app registration (client id) is configured. Set it in Settings or in ONEDRIVE_MIRROR_CLIENT_ID.', plain),
    ).toBe(
      'No app registration (client id) is configured. Set it with: onedrive-mirror setup --client-id ID (or env ONEDRIVE_MIRROR_CLIENT_ID).',
    );
    expect(forCli('Microsoft asked to sign in again. Reconnect the account to resume syncing.', plain)).toMatch(
      /onedrive-mirror profile login NAME$/,
    );
    expect(forCli('Set up the app registration first.', plain)).toMatch(/onedrive-mirror setup --client-id ID$/);
  });

  it('says "will retry" only where something retries', () => {
    const m = 'OneDrive could not be reached (ECONNREFUSED). Syncing will retry automatically.';
    expect(forCli(m, plain)).toBe('OneDrive could not be reached (ECONNREFUSED).');
    expect(forCli('Something went wrong. Syncing will retry.', plain)).toBe('Something went wrong.');
    expect(forCli(m, { ...plain, retries: true })).toBe(m);
  });

  it('keeps the --data-dir the user gave in every command hint, quoted for the shell', () => {
    const ctx = { dataDirArg: '/tmp/my data', retries: false };
    expect(forCli('Next: onedrive-mirror profile login demo', ctx)).toBe(
      "Next: onedrive-mirror --data-dir '/tmp/my data' profile login demo",
    );
    expect(forCli('a (onedrive-mirror sync resume X) and onedrive-mirror sync run', { ...ctx, dataDirArg: '/d' })).toBe(
      'a (onedrive-mirror --data-dir /d sync resume X) and onedrive-mirror --data-dir /d sync run',
    );
    expect(forCli('Usage: onedrive-mirror [options]', ctx)).toBe('Usage: onedrive-mirror [options]');
  });
});
