/**
 * The selftest: every published vector in firmware/vectors/ through one firmware image, on a
 * fresh instance per vector file. Used by `cylsim selftest` and by the tests.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { an10922, drbgSeedMaterial, fips197, hex, rfc4493, sp80090aCtrDrbg } from '../vectors/published.js';
import { FixedEntropy } from '../devices/seeded-entropy.js';
import { createBenchDevices } from '../devices/bench-devices.js';
import type { EntropySource } from './hal-devices.js';
import { CryptoService } from './crypto-service.js';
import { Firmware } from './firmware.js';
import type { FirmwareImage } from './image.js';
import type { HardwareProfile } from '../profile/schema.js';

export interface VectorResult {
  suite: string;
  name: string;
  passed: boolean;
  expected: string;
  actual: string;
}

/** CAVP's no-reseed procedure generates 512 bits twice and reports the second (CTR_DRBG.rsp). */
const DRBG_RETURNED_BYTES = 64;

export function runSelftest(image: FirmwareImage, profile: HardwareProfile): VectorResult[] {
  const booted = (entropy?: EntropySource) => {
    const firmware = Firmware.instantiate(image, createBenchDevices({ image, profile, seed: 'selftest', ...(entropy ? { entropy } : {}) }));
    firmware.exports.boot();
    return new CryptoService(firmware);
  };
  const results: VectorResult[] = [];
  const record = (suite: string, name: string, expected: string, actual: Uint8Array) =>
    results.push({ suite, name, expected, actual: bytesToHex(actual), passed: bytesToHex(actual) === expected });

  const aes = fips197();
  for (const vector of aes.vectors) {
    const service = booted();
    service.loadKey(0, hex(vector.key));
    record('FIPS-197', vector.name, vector.ciphertext, service.encryptBlock(0, hex(vector.plaintext)));
  }

  const cmac = rfc4493();
  const cmacService = booted();
  cmacService.loadKey(1, hex(cmac.key));
  for (const vector of cmac.vectors) record('RFC 4493', vector.name, vector.tag, cmacService.cmac(1, hex(vector.message)));

  for (const vector of an10922().vectors) {
    const service = booted();
    service.loadKey(2, hex(vector.masterKey));
    record('AN10922', vector.name, vector.diversifiedKey, service.diversify(2, hex(vector.input)));
  }

  for (const vector of sp80090aCtrDrbg().vectors) {
    // The lock's generator takes no additional input (assembly/crypto/ctr-drbg.ts).
    if (vector.additionalInput1 || vector.additionalInput2) throw new Error(`${vector.name}: additional input is not supported`);
    const service = booted(new FixedEntropy(drbgSeedMaterial(vector)));
    service.nonce(DRBG_RETURNED_BYTES);
    record('SP 800-90A', vector.name, vector.returnedBits, service.nonce(DRBG_RETURNED_BYTES));
  }
  return results;
}
