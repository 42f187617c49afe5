/**
 * docs/PROTOCOL.md §11 is what the implementation computes: the examples are rendered again with
 * the firmware and with the reference lock, and both must equal the document, byte for byte.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createBenchDevices } from '../../host/devices/bench-devices.js';
import { loadImage } from '../../host/firmware/image.js';
import { FirmwareLock } from '../../host/lock/firmware-lock.js';
import { packagePath } from '../../host/package-root.js';
import { nobleBackend } from '../../host/protocol/crypto-backend.js';
import { ReferenceLock } from '../../host/reference/reference-lock.js';
import { BEGIN_MARKER, END_MARKER, renderWorkedExamples } from '../../sim/docs/worked-examples.js';
import { referenceProfile, VARIANTS } from '../support/firmware.js';

const documented = (() => {
  const text = readFileSync(packagePath('docs', 'PROTOCOL.md'), 'utf8');
  return text.slice(text.indexOf(BEGIN_MARKER), text.indexOf(END_MARKER) + END_MARKER.length);
})();

describe("PROTOCOL.md's worked examples", () => {
  it('should be exactly what the reference lock computes (else run `npm run docs:examples`)', () => {
    expect(renderWorkedExamples((entropy) => new ReferenceLock({ entropy, backend: nobleBackend }), referenceProfile)).toBe(documented);
  });

  it.each(VARIANTS)('should be exactly what the %s firmware image computes', (variant) => {
    const image = loadImage(variant);
    expect(renderWorkedExamples((entropy) => new FirmwareLock(image, createBenchDevices({ image, profile: referenceProfile, entropy })), referenceProfile)).toBe(documented);
  });

  it('should show a tenant change, a proof, a delta and a refusal', () => {
    for (const text of ['0x83 Result', 'enclosedSecret.E', 'tenantProof', '0x02 Delta', '| reason | Blocked |']) expect(documented).toContain(text);
  });
});
