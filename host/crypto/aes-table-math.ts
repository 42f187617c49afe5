/**
 * The AES S-box and the encryption T-table computed from their definitions, not copied:
 * FIPS-197 §5.1.1 (S-box = affine transform of the multiplicative inverse in GF(2^8)) and the
 * T-table formulation of SubBytes + MixColumns (Daemen & Rijmen, "The Design of Rijndael", §4.2).
 * Used to check the firmware image's constant tables byte for byte.
 */

/** Multiply in GF(2^8) modulo the AES polynomial x^8 + x^4 + x^3 + x + 1 (0x11b), FIPS-197 §4.2. */
export function gfMul(a: number, b: number): number {
  let product = 0;
  for (let i = 0; i < 8; i++) {
    if (b & 1) product ^= a;
    const carry = a & 0x80;
    a = (a << 1) & 0xff;
    if (carry) a ^= 0x1b;
    b >>= 1;
  }
  return product;
}

/** Multiplicative inverse in GF(2^8) (0 maps to 0), FIPS-197 §5.1.1. */
function gfInverse(a: number): number {
  if (a === 0) return 0;
  for (let candidate = 1; candidate < 256; candidate++) if (gfMul(a, candidate) === 1) return candidate;
  throw new Error(`no inverse for ${a}`);
}

/** FIPS-197 §5.1.1 eq. (5.1): b'_i = b_i ^ b_(i+4) ^ b_(i+5) ^ b_(i+6) ^ b_(i+7) ^ c_i, c = 0x63. */
function affine(b: number): number {
  const rotl8 = (x: number, n: number) => ((x << n) | (x >> (8 - n))) & 0xff;
  return b ^ rotl8(b, 1) ^ rotl8(b, 2) ^ rotl8(b, 3) ^ rotl8(b, 4) ^ 0x63;
}

/** The 256-byte S-box. */
export function aesSbox(): Uint8Array {
  const sbox = new Uint8Array(256);
  for (let x = 0; x < 256; x++) sbox[x] = affine(gfInverse(x));
  return sbox;
}

/**
 * T-table as little-endian words: byte r of T[x] is row r of MixColumns applied to the column
 * (S[x], 0, 0, 0), i.e. bytes (2·S[x], S[x], S[x], 3·S[x]). Byte 1 of T[x] is S[x] itself.
 */
export function aesTeTable(): Uint32Array {
  const sbox = aesSbox();
  const table = new Uint32Array(256);
  for (let x = 0; x < 256; x++) {
    const s = sbox[x]!;
    table[x] = (gfMul(s, 2) | (s << 8) | (s << 16) | (gfMul(s, 3) << 24)) >>> 0;
  }
  return table;
}

/**
 * The four tables TE0..TE3 of the classic form, back to back (4 x 256 words): TEk[x] is TE0[x]
 * rotated left by 8k bits, the contribution of a byte in row k of a column.
 */
export function aesTeTables(): Uint32Array {
  const te0 = aesTeTable();
  const tables = new Uint32Array(4 * 256);
  for (let k = 0; k < 4; k++) {
    for (let x = 0; x < 256; x++) {
      const word = te0[x]!;
      tables[k * 256 + x] = k === 0 ? word : ((word << (8 * k)) | (word >>> (32 - 8 * k))) >>> 0;
    }
  }
  return tables;
}
