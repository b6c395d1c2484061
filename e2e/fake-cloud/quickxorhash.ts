/**
 * QuickXorHash, written from the published description (this fake must not import the app's implementation):
 * byte i is XORed in at bit (i * 11) mod 160 of a 160-bit little-endian state, wrapping from bit 159 to bit 0; the
 * 64-bit little-endian length is XORed into bytes 12..19; the digest is base64.
 */
export interface QuickXorHasher {
  update(bytes: Uint8Array): void;
  digest(): string;
}

export function createQuickXorHasher(): QuickXorHasher {
  const state = new Uint8Array(20);
  let length = 0;
  let bitPos = 0; // (length * 11) mod 160
  return {
    update(bytes) {
      for (let i = 0; i < bytes.length; i++) {
        const b = bytes[i]!;
        const index = bitPos >> 3;
        const shift = bitPos & 7;
        state[index] = state[index]! ^ ((b << shift) & 0xff);
        if (shift !== 0) {
          const next = index === 19 ? 0 : index + 1;
          state[next] = state[next]! ^ (b >> (8 - shift));
        }
        bitPos += 11;
        if (bitPos >= 160) bitPos -= 160;
      }
      length += bytes.length;
    },
    digest() {
      const out = Buffer.from(state);
      let len = BigInt(length);
      for (let i = 12; i < 20; i++) {
        out[i] = out[i]! ^ Number(len & 0xffn);
        len >>= 8n;
      }
      return out.toString('base64');
    },
  };
}

export function quickXorHash(bytes: Uint8Array): string {
  const hasher = createQuickXorHasher();
  hasher.update(bytes);
  return hasher.digest();
}
