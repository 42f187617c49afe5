/**
 * The hardware profile: every physical figure a model or the firmware's energy budget needs, as
 * data. docs/PROFILES.md describes the format field by field.
 *
 * Each figure is `{ value, unit, source }` or `{ value, unit, assumed }`: exactly one of `source`
 * (a citation) or `assumed` (why, and what range is plausible). The unit must be the one the field
 * name carries as its suffix, so a profile cannot silently mix units. Objects are strict: an
 * unknown key is an error, so a typo is caught rather than ignored.
 */
import { z } from 'zod';

/** Bytes per blocklist entry in the rough "does it fit in NVM" check. */
export const BLOCKLIST_BYTES_PER_ENTRY = 4;
/** Field blocklist capacities span 500 (iLOQ per group, SimonsVoss) to 65,535 (Salto): DESIGN.md. */
export const BLOCKLIST_ENTRIES_MIN = 500;
export const BLOCKLIST_ENTRIES_MAX = 65_535;

const show = (input: unknown): string =>
  input === undefined ? 'nothing' : typeof input === 'string' ? JSON.stringify(input) : String(JSON.stringify(input) ?? input);

/** A number that must satisfy `ok`; the message says what was expected and what was given. */
function num(expected: string, ok: (v: number) => boolean) {
  return z.number().refine(ok, { error: (iss) => `expected ${expected}, got ${show(iss.input)}` });
}

const positive = () => num('a positive number', (v) => v > 0);
const positiveInt = () => num('a positive integer', (v) => Number.isInteger(v) && v > 0);
const nonNegativeInt = () => num('an integer >= 0', (v) => Number.isInteger(v) && v >= 0);
const intRange = (lo: number, hi: number) =>
  num(`an integer from ${lo} to ${hi}`, (v) => Number.isInteger(v) && v >= lo && v <= hi);

const citation = z.string().refine((s) => s.trim().length > 0, { error: 'must be a non-empty text' });

/** A physical figure in `unit`, with its provenance. */
function figure<U extends string>(unit: U, value: z.ZodNumber) {
  return z
    .strictObject({
      value,
      unit: z.literal(unit, {
        error: (iss) =>
          iss.input === undefined ? `required field is missing (expected "${unit}")` : `expected unit "${unit}", got ${show(iss.input)}`,
      }),
      source: citation.optional(),
      assumed: citation.optional(),
    })
    .superRefine(
      (f, ctx) => {
        const has = (k: 'source' | 'assumed') => (f as Record<string, unknown>)[k] !== undefined;
        if (has('source') && has('assumed')) {
          ctx.addIssue({ code: 'custom', message: 'give exactly one of "source" or "assumed", not both' });
        } else if (!has('source') && !has('assumed')) {
          ctx.addIssue({
            code: 'custom',
            message: 'missing provenance: give "source" (a citation) or "assumed" (why, and the plausible range)',
          });
        }
      },
      // Run even when the value or unit is wrong, so every problem is listed at once.
      { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
    );
}

export const McuSchema = z.strictObject({
  clockMhz: figure('MHz', positive()),
  runCurrentUaPerMhz: figure('uA/MHz', positive()),
  supplyV: figure('V', positive()),
  aesBlockCycles: figure('cycles', positiveInt()),
  aesKeyExpansionCycles: figure('cycles', positiveInt()),
  byteOpCycles: figure('cycles/byte', positive()),
  bootCycles: figure('cycles', positiveInt()),
  ramBytes: figure('bytes', positiveInt()),
});

export const NvmSchema = z.strictObject({
  kind: z.enum(['eeprom', 'flash']),
  sizeBytes: figure('bytes', positiveInt()),
  pageBytes: figure('bytes', positiveInt()),
  erasedValue: figure('byte', intRange(0, 255)),
  writeTimeMs: figure('ms', positive()),
  writeCurrentMa: figure('mA', positive()),
  readNsPerByte: figure('ns/byte', positive()),
});

export const EnergySchema = z.strictObject({
  harvestPerInsertionUj: figure('uJ', positive()),
  actuatorReleaseUj: figure('uJ', positive()),
  actuatorReleaseMs: figure('ms', positive()),
  capacitorUf: figure('uF', positive()),
  powerOnV: figure('V', positive()),
  brownOutV: figure('V', positive()),
  clampV: figure('V', positive()),
  normalTurnAngleDeg: figure('deg', num('an angle from 0 (excluded) to 360 degrees', (v) => v > 0 && v <= 360)),
  normalTurnDurationMs: figure('ms', positive()),
});

/** ISO/IEC 14443-2, "Power transfer": a PICC operates between Hmin = 1.5 A/m and Hmax = 7.5 A/m (rms). */
export const ISO14443_H_MIN_A_PER_M = 1.5;
export const ISO14443_H_MAX_A_PER_M = 7.5;

export const NfcSchema = z.strictObject({
  harvestMaxUw: figure('uW', positive()),
  saturationFieldAPerM: figure(
    'A/m',
    num(
      `a field from ${ISO14443_H_MIN_A_PER_M} to ${ISO14443_H_MAX_A_PER_M} A/m (the ISO/IEC 14443-2 operating field)`,
      (v) => v >= ISO14443_H_MIN_A_PER_M && v <= ISO14443_H_MAX_A_PER_M,
    ),
  ),
  outputV: figure('V', positive()),
  phoneFieldAtContactAPerM: figure('A/m', positive()),
  phoneAntennaRadiusMm: figure('mm', positive()),
  /** How long a user holds the phone to the lock, its field on (docs/PROFILES.md). */
  phoneHoldMs: figure('ms', positive()),
});

/** Data bits of one byte: a byte on any link occupies at least these bit periods. */
export const DATA_BITS_PER_BYTE = 8;

/**
 * The links between a key and the lock, and how long the lock waits for a key's answer to its
 * challenge before it suspects a relay (docs/PROFILES.md, `link`). The contact figures describe the
 * physical key's contact link (host/link/contact-link.ts); a phone key talks ISO/IEC 14443 over
 * NFC, whose timing is fixed by the standard (host/nfc), so only its relay bound is a figure here.
 */
export const LinkSchema = z.strictObject({
  contactBitRateBps: figure('bit/s', positive()),
  contactBitsPerByte: figure(
    'bits/byte',
    num(
      `an integer >= ${DATA_BITS_PER_BYTE} (a byte's data bits, plus any start, parity, stop or guard bits)`,
      (v) => Number.isInteger(v) && v >= DATA_BITS_PER_BYTE,
    ),
  ),
  contactFrameOverheadBits: figure('bits', nonNegativeInt()),
  contactTurnaroundUs: figure('us', positive()),
  relayBoundContactUs: figure('us', positive()),
  relayBoundPhoneUs: figure('us', positive()),
});

export const CapacitiesSchema = z.strictObject({
  blocklistEntries: figure('entries', intRange(BLOCKLIST_ENTRIES_MIN, BLOCKLIST_ENTRIES_MAX)),
  logEntries: figure('entries', nonNegativeInt()),
  generationTableEntries: figure('entries', positiveInt()),
  keyDeltaStoreEntries: figure('entries', positiveInt()),
  timeStepMaxDays: figure('days', intRange(1, 366)),
});

/** Reads `obj.a.b.value` if it is a finite number, else undefined (the field's own check reports it). */
function valueAt(obj: unknown, section: string, field: string): number | undefined {
  const s = (obj as Record<string, unknown> | undefined)?.[section];
  const f = (s as Record<string, unknown> | undefined)?.[field];
  const v = (f as Record<string, unknown> | undefined)?.value;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Checks that span sections; each names the field it blames. */
function crossCheck(p: unknown, ctx: z.RefinementCtx): void {
  const powerOn = valueAt(p, 'energy', 'powerOnV');
  const brownOut = valueAt(p, 'energy', 'brownOutV');
  if (powerOn !== undefined && brownOut !== undefined && !(powerOn > brownOut)) {
    ctx.addIssue({
      code: 'custom',
      path: ['energy', 'powerOnV', 'value'],
      message: `must be greater than energy.brownOutV.value (${brownOut} V) for hysteresis, got ${powerOn} V`,
    });
  }
  // The clamp and the NFC harvester's output must let the capacitor reach power-on.
  for (const [section, field] of [
    ['energy', 'clampV'],
    ['nfc', 'outputV'],
  ] as const) {
    const ceiling = valueAt(p, section, field);
    if (powerOn !== undefined && ceiling !== undefined && !(ceiling > powerOn)) {
      ctx.addIssue({
        code: 'custom',
        path: [section, field, 'value'],
        message: `must be greater than energy.powerOnV.value (${powerOn} V), or the capacitor never reaches power-on, got ${ceiling} V`,
      });
    }
  }
  // A genuine contact key answers no sooner than the link's turnaround: a bound at or below it refuses every key.
  const turnaround = valueAt(p, 'link', 'contactTurnaroundUs');
  const contactBound = valueAt(p, 'link', 'relayBoundContactUs');
  if (turnaround !== undefined && contactBound !== undefined && !(contactBound > turnaround)) {
    ctx.addIssue({
      code: 'custom',
      path: ['link', 'relayBoundContactUs', 'value'],
      message: `must be greater than link.contactTurnaroundUs.value (${turnaround} us), or no contact key could answer in time, got ${contactBound} us`,
    });
  }
  const entries = valueAt(p, 'capacities', 'blocklistEntries');
  const size = valueAt(p, 'nvm', 'sizeBytes');
  if (entries !== undefined && size !== undefined && entries * BLOCKLIST_BYTES_PER_ENTRY > size) {
    ctx.addIssue({
      code: 'custom',
      path: ['capacities', 'blocklistEntries', 'value'],
      message: `${entries} entries need ${entries * BLOCKLIST_BYTES_PER_ENTRY} bytes at ${BLOCKLIST_BYTES_PER_ENTRY} bytes per entry, more than nvm.sizeBytes.value (${size})`,
    });
  }
  const page = valueAt(p, 'nvm', 'pageBytes');
  if (size !== undefined && page !== undefined && page > 0 && size % page !== 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['nvm', 'sizeBytes', 'value'],
      message: `must be a whole number of pages of nvm.pageBytes.value (${page} bytes), got ${size}`,
    });
  }
}

/** 2: nfc.phoneHoldMs added (required). */
export const PROFILE_SCHEMA_VERSION = 2;

export const HardwareProfileSchema = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'expected lower-case letters, digits and "-"' }),
    description: citation,
    schemaVersion: z.literal(PROFILE_SCHEMA_VERSION),
    mcu: McuSchema,
    nvm: NvmSchema,
    energy: EnergySchema,
    nfc: NfcSchema,
    link: LinkSchema,
    capacities: CapacitiesSchema,
  })
  // Run even when other fields fail, so every problem is listed at once; crossCheck reads defensively.
  .superRefine(crossCheck, { when: (payload) => typeof payload.value === 'object' && payload.value !== null });

export type HardwareProfile = z.infer<typeof HardwareProfileSchema>;
/** One figure as the schema infers it (the unit narrowed to the field's literal). */
export type Figure = HardwareProfile['mcu']['clockMhz'];
