/**
 * The app's SecretBox over Electron safeStorage. On Linux without a keyring safeStorage falls back to
 * `basic_text` (a fixed key: no real protection); then, and when encryption is unavailable at all, the box reports
 * 'unavailable' until the user explicitly allows plaintext. Never silently weaker.
 *
 * Stored format: one tag byte, then the payload: 0x01 = safeStorage ciphertext, 0x00 = UTF-8 (user-allowed).
 * A file starting with '{' is a plain cache the command line wrote into the same data folder: it is read, and the
 * next write stores it encrypted.
 */
import { safeStorage } from 'electron';
import type { Logger, SecretBox } from '../core/ports';

const TAG_SAFE = 0x01;
const TAG_PLAIN = 0x00;
const CLI_JSON = 0x7b; // '{'

export interface ElectronSecretBoxOptions {
  /** The user accepted storing tokens without OS protection (db.json allowPlaintextSecrets). */
  allowPlaintext: boolean;
  platform?: NodeJS.Platform;
  logger: Logger;
}

export interface ElectronSecretBox extends SecretBox {
  /** Whether safeStorage gives real OS protection here (false on Linux basic_text). */
  readonly osProtected: boolean;
  setAllowPlaintext(allow: boolean): void;
}

export function createElectronSecretBox(opts: ElectronSecretBoxOptions): ElectronSecretBox {
  const platform = opts.platform ?? process.platform;
  let allowPlaintext = opts.allowPlaintext;

  // Asked each time: the backend is known only after app 'ready', and a keyring may appear later.
  const encryptionAvailable = (): boolean => safeStorage.isEncryptionAvailable();
  const osProtected = (): boolean =>
    encryptionAvailable() && !(platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text');

  return {
    get osProtected() {
      return osProtected();
    },
    get protection() {
      if (osProtected()) return 'encrypted';
      return allowPlaintext ? 'plaintext' : 'unavailable';
    },
    setAllowPlaintext(allow: boolean) {
      allowPlaintext = allow;
      opts.logger.info('Unencrypted token storage ' + (allow ? 'allowed' : 'disallowed') + ' by the user');
    },
    encrypt(plain: string): Buffer {
      if (osProtected()) return Buffer.concat([Buffer.of(TAG_SAFE), safeStorage.encryptString(plain)]);
      if (!allowPlaintext) throw new Error('Secure token storage is unavailable and unencrypted storage is not allowed');
      // basic_text still obfuscates; with no safeStorage at all the payload is stored as is.
      if (encryptionAvailable()) return Buffer.concat([Buffer.of(TAG_SAFE), safeStorage.encryptString(plain)]);
      return Buffer.concat([Buffer.of(TAG_PLAIN), Buffer.from(plain, 'utf8')]);
    },
    decrypt(sealed: Buffer): string {
      const tag = sealed[0];
      const payload = sealed.subarray(1);
      if (tag === TAG_SAFE) return safeStorage.decryptString(payload);
      if (tag === TAG_PLAIN) return payload.toString('utf8');
      if (tag === CLI_JSON) return sealed.toString('utf8');
      throw new Error('Unknown token cache format');
    },
  };
}
