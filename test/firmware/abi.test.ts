/** The built images match firmware/abi.ts: the one ABI declaration. */
import { describe, expect, it } from 'vitest';
import { ABI_VERSION, exportSignatures, halImportSignatures, halModuleName } from '../../firmware/abi.js';
import { loadImage } from '../../host/firmware/image.js';
import { inspectImage } from '../support/image-inspector.js';
import { freshLock, VARIANTS } from '../support/firmware.js';

describe.each(VARIANTS)('the %s image', (variant) => {
  const structure = inspectImage(loadImage(variant).bytes);

  it('should export exactly the functions abi.ts declares, with their signatures, and its memory', () => {
    expect([...structure.functionExports.values()].sort()).toEqual([...exportSignatures()].sort());
    expect(structure.otherExports).toEqual(['memory']);
  });

  it('should import only HAL functions that abi.ts declares, with their signatures', () => {
    const declared = new Set(halImportSignatures());
    for (const [qualifiedName, signature] of structure.imports) {
      expect(qualifiedName.startsWith(`${halModuleName()}.`), qualifiedName).toBe(true);
      expect(declared.has(signature), signature).toBe(true);
    }
  });

  it('should report the ABI version of abi.ts', () => {
    expect(freshLock(variant).firmware.exports.abiVersion()).toBe(ABI_VERSION);
  });
});

describe('release images', () => {
  it.each(['release', 'release-nolog'] as const)('should not import env.abort (%s)', (variant) => {
    expect([...inspectImage(loadImage(variant).bytes).imports.keys()].filter((name) => name.startsWith('env.'))).toEqual([]);
  });
});
