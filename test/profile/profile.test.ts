import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { physicsFigures } from '../../host/physics/from-profile.js';
import { insertionMargin } from '../../host/physics/insertion-margin.js';
import { insertionAtPace } from '../../host/physics/key-generator.js';
import { listProfiles, loadProfile, loadProfileByName, parseProfile, ProfileError } from '../../host/profile/load-profile.js';
import { PROFILE_SCHEMA_VERSION } from '../../host/profile/schema.js';

const SHIPPED = ['large-capacity', 'low-energy', 'reference-m0plus'];
const tmp = mkdtempSync(join(tmpdir(), 'cylsim-profile-'));

type Json = Record<string, unknown>;
const reference = (): Json => structuredClone(loadProfileByName('reference-m0plus')) as Json;

/** Writes `content` to a temporary file and returns the ProfileError that loading it throws. */
function loadError(fileName: string, content: string): ProfileError {
  const path = join(tmp, fileName);
  writeFileSync(path, content);
  try {
    loadProfile(path);
  } catch (e) {
    expect(e).toBeInstanceOf(ProfileError);
    return e as ProfileError;
  }
  throw new Error(`${fileName} loaded without error`);
}

/** The reference profile with `edit` applied, loaded from a temporary file: the error's lines. */
function problemsAfter(fileName: string, edit: (p: Json) => void): { path: string; lines: string[] } {
  const p = reference();
  edit(p);
  const err = loadError(fileName, JSON.stringify(p, null, 2));
  const path = join(tmp, fileName);
  expect(err.fileName).toBe(path);
  const lines = err.message.split('\n');
  for (const line of lines) expect(line.startsWith(`${path}: `)).toBe(true);
  return { path, lines };
}

const at = (p: Json, ...keys: string[]): Json => keys.reduce((o, k) => o[k] as Json, p);

/** Every object with a numeric `value`, with its path. */
function figures(node: unknown, path: string[] = []): { path: string; figure: Json }[] {
  if (typeof node !== 'object' || node === null) return [];
  const obj = node as Json;
  if (typeof obj.value === 'number') return [{ path: path.join('.'), figure: obj }];
  return Object.entries(obj).flatMap(([k, v]) => figures(v, [...path, k]));
}

/** Every number in the profile that is not the `value` of a figure (schemaVersion aside). */
function strayNumbers(node: unknown, path: string[] = []): string[] {
  if (typeof node === 'number') return path.join('.') === 'schemaVersion' ? [] : [path.join('.')];
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node as Json).flatMap(([k, v]) =>
    k === 'value' && typeof v === 'number' ? [] : strayNumbers(v, [...path, k]),
  );
}

describe('shipped profiles', () => {
  it('should list every shipped profile, sorted', () => {
    expect(listProfiles()).toEqual(SHIPPED);
  });

  it.each(SHIPPED)('should load %s by name', (name) => {
    const profile = loadProfileByName(name);
    expect(profile.name).toBe(name);
    expect(profile.schemaVersion).toBe(PROFILE_SCHEMA_VERSION);
    expect(PROFILE_SCHEMA_VERSION).toBe(2);
  });

  it.each(SHIPPED)('should give every figure in %s a unit and exactly one of a source or an assumption', (name) => {
    const all = figures(loadProfileByName(name));
    expect(all.length).toBeGreaterThan(20);
    for (const { path, figure } of all) {
      const provenance = [figure.source, figure.assumed].filter((t) => typeof t === 'string' && t.trim().length > 0);
      expect(provenance, path).toHaveLength(1);
      expect(typeof figure.unit, path).toBe('string');
    }
  });

  it.each(SHIPPED)('should carry no number in %s outside a figure', (name) => {
    expect(strayNumbers(loadProfileByName(name))).toEqual([]);
  });

  it('should give the reference lock the field figures of DESIGN.md', () => {
    const p = loadProfileByName('reference-m0plus');
    expect(p.capacities.blocklistEntries.value).toBe(3000);
    expect(p.capacities.logEntries.value).toBe(1000);
    expect(p.mcu.ramBytes.value).toBe(8192);
    expect(p.nvm.pageBytes.value).toBe(64);
    expect(p.energy.powerOnV.value).toBeGreaterThan(p.energy.brownOutV.value);
  });

  it('should give the large-capacity profile 65,535 entries on the same hardware', () => {
    const large = loadProfileByName('large-capacity');
    const ref = loadProfileByName('reference-m0plus');
    expect(large.capacities.blocklistEntries.value).toBe(65_535);
    expect(large.nvm.sizeBytes.value).toBeGreaterThanOrEqual(65_535 * 4);
    expect(large.mcu).toEqual(ref.mcu);
    expect(large.energy).toEqual(ref.energy);
    expect(large.link).toEqual(ref.link);
  });

  it('should give the low-energy profile the reference MCU class at a lower-energy design point', () => {
    const low = loadProfileByName('low-energy');
    const ref = loadProfileByName('reference-m0plus');
    // The same part and code: memory, cycle counts, supply.
    for (const field of ['ramBytes', 'aesBlockCycles', 'aesKeyExpansionCycles', 'byteOpCycles', 'bootCycles', 'supplyV'] as const) {
      expect(low.mcu[field], field).toEqual(ref.mcu[field]);
    }
    expect(low.mcu.clockMhz.value).toBeCloseTo(4.194_304, 9);
    expect(low.mcu.runCurrentUaPerMhz.value).toBe(76);
    expect(low.energy.harvestPerInsertionUj.value).toBe(2000);
    expect(low.energy.capacitorUf.value).toBeLessThan(ref.energy.capacitorUf.value);
    expect(low.energy.actuatorReleaseUj.value).toBeLessThan(ref.energy.actuatorReleaseUj.value);
    // Everything else is the reference's: the same NVM kind and pages, NFC front end, key links and capacities.
    expect(low.nvm.pageBytes).toEqual(ref.nvm.pageBytes);
    expect(low.nvm.writeTimeMs).toEqual(ref.nvm.writeTimeMs);
    expect(low.nfc).toEqual(ref.nfc);
    expect(low.link).toEqual(ref.link);
    expect(low.capacities).toEqual(ref.capacities);
  });

  it('should leave the low-energy lock a thinner margin than the reference, a slow turn only just powering it on', () => {
    const decisionUj = 20;
    const margin = (name: string, pace: 'slow' | 'normal') => {
      const figures = physicsFigures(loadProfileByName(name));
      return insertionMargin(figures, insertionAtPace(figures.generator, pace), decisionUj);
    };
    const low = margin('low-energy', 'normal');
    expect(low.outcome).toBe('released');
    expect(low.marginUj).toBeGreaterThan(0);
    expect(low.marginUj).toBeLessThan(margin('reference-m0plus', 'normal').marginUj);
    const slow = margin('low-energy', 'slow');
    expect(slow.powerOnAtUs).toBeDefined();
    expect(slow.marginUj).toBeLessThan(low.marginUj / 2);
  });

  it.each(SHIPPED)('should give %s the key links in their units, every assumed link figure with its plausible range', (name) => {
    const { link } = loadProfileByName(name);
    expect(link.contactBitRateBps.unit).toBe('bit/s');
    expect(link.contactBitsPerByte.value).toBeGreaterThanOrEqual(8);
    expect(link.contactFrameOverheadBits.unit).toBe('bits');
    expect(link.relayBoundContactUs.value).toBeGreaterThan(link.contactTurnaroundUs.value);
    expect(link.relayBoundPhoneUs.value).toBeGreaterThan(link.relayBoundContactUs.value);
    for (const [field, f] of Object.entries(link)) {
      if (f.assumed !== undefined) expect(f.assumed, field).toMatch(/Plausible/);
    }
  });

  it.each(SHIPPED)('should give %s the figures of the physics models, in their units', (name) => {
    const p = loadProfileByName(name);
    expect(p.energy.clampV.unit).toBe('V');
    expect(p.energy.clampV.value).toBeGreaterThan(p.energy.powerOnV.value);
    expect(p.energy.actuatorReleaseMs.unit).toBe('ms');
    expect(p.energy.normalTurnAngleDeg.unit).toBe('deg');
    expect(p.energy.normalTurnDurationMs.unit).toBe('ms');
    expect(p.nfc.harvestMaxUw.unit).toBe('uW');
    expect(p.nfc.saturationFieldAPerM.value).toBeGreaterThanOrEqual(1.5);
    expect(p.nfc.saturationFieldAPerM.value).toBeLessThanOrEqual(7.5);
    expect(p.nfc.outputV.value).toBeGreaterThan(p.energy.powerOnV.value);
    expect(p.nfc.phoneFieldAtContactAPerM.unit).toBe('A/m');
    expect(p.nfc.phoneAntennaRadiusMm.unit).toBe('mm');
    expect(p.nfc.phoneHoldMs.unit).toBe('ms');
    expect(p.nfc.phoneHoldMs.value).toBeGreaterThan(0);
    // Figures no vendor publishes are assumptions.
    for (const f of [p.energy.clampV, p.energy.normalTurnAngleDeg, p.energy.normalTurnDurationMs, ...Object.values(p.nfc)]) {
      expect(f.assumed).toMatch(/Plausible/);
    }
  });

  it('should give the large-capacity profile the same NFC front end', () => {
    expect(loadProfileByName('large-capacity').nfc).toEqual(loadProfileByName('reference-m0plus').nfc);
  });

  it('should refuse an unknown profile name and list the known ones', () => {
    expect(() => loadProfileByName('no-such-lock')).toThrow(/no such profile; known profiles: .*reference-m0plus/);
    expect(() => loadProfileByName('../package')).toThrow(ProfileError);
  });
});

describe('invalid profiles', () => {
  it('should name the file and the field when a figure is negative', () => {
    const { path, lines } = problemsAfter('negative.json', (p) => {
      at(p, 'mcu', 'clockMhz').value = -1;
    });
    expect(lines).toEqual([`${path}: mcu.clockMhz.value: expected a positive number, got -1`]);
  });

  it('should name the file and the field when a unit is not the one the field expects', () => {
    const { path, lines } = problemsAfter('wrong-unit.json', (p) => {
      at(p, 'mcu', 'clockMhz').unit = 'kHz';
    });
    expect(lines).toEqual([`${path}: mcu.clockMhz.unit: expected unit "MHz", got "kHz"`]);
  });

  it('should name the file and the field when a field is missing', () => {
    const { path, lines } = problemsAfter('missing.json', (p) => {
      delete at(p, 'nvm').writeTimeMs;
    });
    expect(lines).toEqual([`${path}: nvm.writeTimeMs: required field is missing`]);
  });

  it('should refuse a profile of schema version 1, which has no phone hold time, naming both', () => {
    const { path, lines } = problemsAfter('version-1.json', (p) => {
      p.schemaVersion = 1;
      delete at(p, 'nfc').phoneHoldMs;
    });
    expect(lines).toEqual([`${path}: schemaVersion: expected 2, got 1`, `${path}: nfc.phoneHoldMs: required field is missing`]);
  });

  it('should name the file and the key when a field is unknown', () => {
    const { path, lines } = problemsAfter('unknown.json', (p) => {
      at(p, 'mcu').clockMz = at(p, 'mcu', 'clockMhz');
      at(p, 'energy', 'capacitorUf').comment = 'typo';
    });
    expect(lines).toEqual([`${path}: mcu.clockMz: unknown field`, `${path}: energy.capacitorUf.comment: unknown field`]);
  });

  it('should name the figure that has both a source and an assumption', () => {
    const { path, lines } = problemsAfter('both.json', (p) => {
      at(p, 'nvm', 'writeTimeMs').assumed = 'a guess';
    });
    expect(lines).toEqual([`${path}: nvm.writeTimeMs: give exactly one of "source" or "assumed", not both`]);
  });

  it('should name the figure that has neither a source nor an assumption', () => {
    const { path, lines } = problemsAfter('neither.json', (p) => {
      delete at(p, 'energy', 'capacitorUf').assumed;
    });
    expect(lines).toEqual([`${path}: energy.capacitorUf: missing provenance: give "source" (a citation) or "assumed" (why, and the plausible range)`]);
  });

  it('should refuse a power-on voltage that is not above the brown-out voltage', () => {
    const { path, lines } = problemsAfter('hysteresis.json', (p) => {
      at(p, 'energy', 'powerOnV').value = 1.8;
      at(p, 'energy', 'brownOutV').value = 1.8;
    });
    expect(lines).toEqual([
      `${path}: energy.powerOnV.value: must be greater than energy.brownOutV.value (1.8 V) for hysteresis, got 1.8 V`,
    ]);
  });

  it('should refuse a clamp or an NFC output that cannot reach power-on', () => {
    const { path, lines } = problemsAfter('ceilings.json', (p) => {
      at(p, 'energy', 'clampV').value = 3;
      at(p, 'nfc', 'outputV').value = 2.5;
    });
    expect(lines).toEqual([
      `${path}: energy.clampV.value: must be greater than energy.powerOnV.value (3 V), or the capacitor never reaches power-on, got 3 V`,
      `${path}: nfc.outputV.value: must be greater than energy.powerOnV.value (3 V), or the capacitor never reaches power-on, got 2.5 V`,
    ]);
  });

  it.each([
    ['contactBitRateBps', 'bit/s', 'kbit/s'],
    ['contactBitsPerByte', 'bits/byte', 'bits'],
    ['contactFrameOverheadBits', 'bits', 'bytes'],
    ['contactTurnaroundUs', 'us', 'ms'],
    ['relayBoundContactUs', 'us', 'ms'],
    ['relayBoundPhoneUs', 'us', 's'],
  ])('should name link.%s when its unit is not %s', (field, unit, wrong) => {
    const { path, lines } = problemsAfter(`link-unit-${field}.json`, (p) => {
      at(p, 'link', field).unit = wrong;
    });
    expect(lines).toEqual([`${path}: link.${field}.unit: expected unit "${unit}", got "${wrong}"`]);
  });

  it('should name the link section when it is missing', () => {
    const { path, lines } = problemsAfter('no-link.json', (p) => {
      delete p.link;
    });
    expect(lines).toEqual([`${path}: link: required field is missing`]);
  });

  it('should refuse a byte of fewer bit periods than its 8 data bits', () => {
    const { path, lines } = problemsAfter('short-byte.json', (p) => {
      at(p, 'link', 'contactBitsPerByte').value = 7;
    });
    expect(lines).toEqual([
      `${path}: link.contactBitsPerByte.value: expected an integer >= 8 (a byte's data bits, plus any start, parity, stop or guard bits), got 7`,
    ]);
  });

  it('should refuse a contact relay bound that no key can meet after the turnaround', () => {
    const { path, lines } = problemsAfter('relay-bound.json', (p) => {
      at(p, 'link', 'relayBoundContactUs').value = 100;
    });
    expect(lines).toEqual([
      `${path}: link.relayBoundContactUs.value: must be greater than link.contactTurnaroundUs.value (100 us), or no contact key could answer in time, got 100 us`,
    ]);
  });

  it('should refuse an NFC saturation field outside the ISO/IEC 14443-2 operating field', () => {
    const { path, lines } = problemsAfter('saturation.json', (p) => {
      at(p, 'nfc', 'saturationFieldAPerM').value = 8;
    });
    expect(lines).toEqual([
      `${path}: nfc.saturationFieldAPerM.value: expected a field from 1.5 to 7.5 A/m (the ISO/IEC 14443-2 operating field), got 8`,
    ]);
  });

  it.each([
    [499, 'below'],
    [65_536, 'above'],
    [3000.5, 'a fraction in'],
  ])('should refuse a blocklist capacity of %s (%s 500..65535)', (entries) => {
    const { path, lines } = problemsAfter(`blocklist-${entries}.json`, (p) => {
      at(p, 'capacities', 'blocklistEntries').value = entries;
    });
    expect(lines).toContain(`${path}: capacities.blocklistEntries.value: expected an integer from 500 to 65535, got ${entries}`);
  });

  it('should refuse a blocklist that does not fit in the NVM', () => {
    const { path, lines } = problemsAfter('too-small-nvm.json', (p) => {
      at(p, 'nvm', 'sizeBytes').value = 4096;
    });
    expect(lines).toEqual([
      `${path}: capacities.blocklistEntries.value: 3000 entries need 12000 bytes at 4 bytes per entry, more than nvm.sizeBytes.value (4096)`,
    ]);
  });

  it('should refuse an NVM size that is not a whole number of pages', () => {
    const { path, lines } = problemsAfter('pages.json', (p) => {
      at(p, 'nvm', 'sizeBytes').value = 65_536 + 32;
    });
    expect(lines).toEqual([`${path}: nvm.sizeBytes.value: must be a whole number of pages of nvm.pageBytes.value (64 bytes), got 65568`]);
  });

  it('should list every problem, not only the first', () => {
    const { lines } = problemsAfter('many.json', (p) => {
      at(p, 'mcu', 'clockMhz').value = -1;
      at(p, 'nvm', 'pageBytes').unit = 'B';
      delete at(p, 'energy').actuatorReleaseUj;
      at(p, 'capacities').extra = 1;
      at(p, 'energy', 'powerOnV').value = 1;
    });
    expect(lines.map((l) => l.split(': ')[1])).toEqual(
      expect.arrayContaining([
        'mcu.clockMhz.value',
        'nvm.pageBytes.unit',
        'energy.actuatorReleaseUj',
        'capacities.extra',
        'energy.powerOnV.value',
      ]),
    );
    expect(lines).toHaveLength(5);
  });

  it('should name the file, line and column where the JSON is invalid', () => {
    const path = join(tmp, 'broken.json');
    const err = loadError('broken.json', '{\n  "name": "x",\n  "schemaVersion": 1,,\n}\n');
    expect(err.message.startsWith(`${path}: invalid JSON at line 3, column 22: `)).toBe(true);
    expect(err.message.split('\n')).toHaveLength(1);
  });

  it('should locate a misspelt literal and an unexpected end of the file', () => {
    expect(loadError('literal.json', '{\n  "a": tru\n}').message).toContain('invalid JSON at line 2, column 8');
    expect(loadError('truncated.json', '{\n  "a": [1, 2').message).toContain('invalid JSON at line 2, column 13');
  });

  it('should name the file when it cannot be read', () => {
    const path = join(tmp, 'absent.json');
    expect(() => loadProfile(path)).toThrow(`${path}: cannot read the file`);
  });

  it('should use the given file name for already-parsed JSON', () => {
    expect(() => parseProfile([], 'firmware/profiles/x.json')).toThrow(
      /^firmware\/profiles\/x\.json: \(root\): expected object, got \[\]$/,
    );
  });
});
