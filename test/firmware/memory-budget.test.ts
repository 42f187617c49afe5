/** Embedded discipline: a fixed RAM budget, no allocation, no hidden state outside linear memory. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../host/package-root.js';
import { MEMORY_PAGES, RAM_BUDGET_BYTES, STATE_OFFSET, STATE_SIZE, STATIC_BASE, HOST_WINDOW_END } from '../../firmware/abi.js';
import { loadImage } from '../../host/firmware/image.js';
import { referenceProfile, VARIANTS } from '../support/firmware.js';
import { inspectImage } from '../support/image-inspector.js';

/**
 * The release images must fit in 22 KiB of flash: the budget docs/ARCHITECTURE.md ("Image budget")
 * sets and explains (a 32 KiB part, less the boot ROM's and the HAL drivers' share).
 */
const RELEASE_IMAGE_MAX_BYTES = 22 * 1024;

describe.each(VARIANTS)('the %s image', (variant) => {
  const structure = inspectImage(loadImage(variant).bytes);

  it(`should place all static data between STATIC_BASE and the ${RAM_BUDGET_BYTES}-byte RAM budget`, () => {
    expect(structure.dataSegments.length).toBeGreaterThan(0);
    for (const segment of structure.dataSegments) {
      expect(segment.offset).toBeGreaterThanOrEqual(STATIC_BASE);
      expect(segment.offset + segment.length).toBeLessThanOrEqual(RAM_BUDGET_BYTES);
    }
  });

  it('should have one fixed page of memory that it cannot grow', () => {
    expect(structure.memory).toEqual({ initialPages: MEMORY_PAGES, maximumPages: MEMORY_PAGES });
    expect(structure.text).not.toContain('memory.grow');
  });

  it('should keep no state in mutable globals, so clearing RAM is a complete reset', () => {
    expect(structure.mutableGlobals).toEqual([]);
  });
});

describe('the memory map', () => {
  it('should end the private RAM where the static data begins, within the budget and the profile RAM', () => {
    expect(HOST_WINDOW_END).toBe(STATE_OFFSET);
    expect(STATE_OFFSET + STATE_SIZE).toBe(STATIC_BASE);
    expect(RAM_BUDGET_BYTES).toBeLessThanOrEqual(referenceProfile.mcu.ramBytes.value);
  });

  it('should have asc place static data at STATIC_BASE (asconfig.json memoryBase)', () => {
    const asconfig = JSON.parse(readFileSync(packagePath('asconfig.json'), 'utf8')) as { options: { memoryBase: number } };
    expect(asconfig.options.memoryBase).toBe(STATIC_BASE);
  });

  it.each(['release', 'release-nolog'] as const)(`should keep the %s image under ${RELEASE_IMAGE_MAX_BYTES} bytes`, (variant) => {
    expect(loadImage(variant).bytes.length).toBeLessThan(RELEASE_IMAGE_MAX_BYTES);
  });
});
