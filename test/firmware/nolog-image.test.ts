/**
 * R-PRV-2, DESIGN.md "Privacy by construction": the release-nolog image has no log code at all, so
 * a tenant can run (and attest, §9.5) an image that cannot log. Its ABI is the release image's.
 */
import { describe, expect, it } from 'vitest';
import { Feature } from '../../firmware/abi.js';
import { loadImage } from '../../host/firmware/image.js';
import { inspectImage } from '../support/image-inspector.js';
import { freshLock } from '../support/firmware.js';

/**
 * The log's page header keeps the page number in its low 24 bits (assembly/store/log.ts,
 * HEADER_PAGE_MASK): the mask appears in the log's code and nowhere else in the firmware.
 */
const LOG_PAGE_MASK_CONSTANT = 'i32.const 16777215';

describe('the release-nolog image beside the release image', () => {
  const release = loadImage('release');
  const nolog = loadImage('release-nolog');
  const releaseStructure = inspectImage(release.bytes);
  const nologStructure = inspectImage(nolog.bytes);

  it('should have the same exports and imports', () => {
    expect([...nologStructure.functionExports.values()].sort()).toEqual([...releaseStructure.functionExports.values()].sort());
    expect([...nologStructure.imports.entries()].sort()).toEqual([...releaseStructure.imports.entries()].sort());
  });

  it('should be smaller by the log code, which release has and release-nolog lacks', () => {
    expect(releaseStructure.text).toContain(LOG_PAGE_MASK_CONSTANT);
    expect(nologStructure.text).not.toContain(LOG_PAGE_MASK_CONSTANT);
    // The log's store and commands are over a kilobyte of code (firmware/build/manifest.json has the figures).
    expect(release.bytes.length - nolog.bytes.length).toBeGreaterThan(1024);
  });

  it('should report the log feature only where it is compiled in', () => {
    expect(freshLock('release').firmware.exports.buildFeatures() & Feature.Log).toBe(Feature.Log);
    expect(freshLock('release-nolog').firmware.exports.buildFeatures() & Feature.Log).toBe(0);
  });
});
