/**
 * The published test vectors in firmware/vectors/, typed. Each file names its source document;
 * values are lowercase hex.
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { readFileSync } from 'node:fs';
import { packagePath } from '../package-root.js';

export interface AesVector { name: string; source: string; key: string; plaintext: string; ciphertext: string }
export interface KeyExpansionVector { name: string; key: string; roundKeys: string }
export interface AesVectorFile { source: string; vectors: AesVector[]; keyExpansion: KeyExpansionVector[] }

export interface CmacVector { name: string; message: string; tag: string }
export interface CmacVectorFile { source: string; key: string; subkeys: { l: string; k1: string; k2: string }; vectors: CmacVector[] }

export interface DiversifyVector { name: string; source: string; masterKey: string; input: string; diversifiedKey: string; k1?: string; k2?: string }
export interface DiversifyVectorFile { source: string; vectors: DiversifyVector[] }

export interface DrbgVector {
  name: string;
  entropyInput: string;
  personalizationString: string;
  additionalInput1: string;
  additionalInput2: string;
  returnedBits: string;
}
export interface DrbgVectorFile { source: string; vectors: DrbgVector[] }

function read<T>(file: string): T {
  return JSON.parse(readFileSync(packagePath('firmware', 'vectors', file), 'utf8')) as T;
}

export const fips197 = (): AesVectorFile => read('fips197-aes128.json');
export const rfc4493 = (): CmacVectorFile => read('rfc4493-aes-cmac.json');
export const an10922 = (): DiversifyVectorFile => read('an10922-aes128.json');
export const sp80090aCtrDrbg = (): DrbgVectorFile => read('sp800-90a-ctr-drbg-aes128.json');

/** Hex to bytes; the empty string is the empty message. */
export const hex = (text: string): Uint8Array => hexToBytes(text);

/**
 * seed_material for CTR_DRBG without a derivation function: entropy_input XOR personalization
 * string (SP 800-90A §10.2.1.3.1). A lock that seeds from entropy alone reproduces a vector with a
 * personalization string when fed this as its entropy.
 */
export function drbgSeedMaterial(vector: DrbgVector): Uint8Array {
  const seed = hex(vector.entropyInput);
  const personalization = hex(vector.personalizationString);
  for (let i = 0; i < personalization.length; i++) seed[i]! ^= personalization[i]!;
  return seed;
}
