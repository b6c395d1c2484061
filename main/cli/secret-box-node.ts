/**
 * The CLI's SecretBox: Node has no OS keychain API of its own, so the token cache is stored as is (the file is
 * mode 0600). Says so once, on the first write, in one line.
 */
import type { Logger, SecretBox } from '../core/ports';

export const plaintextWarning =
  'Tokens are stored unencrypted (file mode 0600) because the command line has no OS keychain; protect the data folder.';

export function createNodeSecretBox(logger: Logger): SecretBox {
  let warned = false;
  return {
    protection: 'plaintext',
    encrypt(plain: string): Buffer {
      if (!warned) {
        warned = true;
        logger.warn(plaintextWarning);
      }
      return Buffer.from(plain, 'utf8');
    },
    decrypt(sealed: Buffer): string {
      // The desktop app's files start with a tag byte (0x00/0x01); the command line cannot read OS-encrypted ones.
      if (sealed[0] === 0x00 || sealed[0] === 0x01) {
        throw new Error('This token cache was written by the desktop app; sign in again from the command line.');
      }
      return sealed.toString('utf8');
    },
  };
}
