/**
 * The HIL vector format (docs/VECTORS.md), versions 1 and 2, as zod schemas. Version 2 adds the
 * nvmWrites step; a version 1 file is version 2 without it. One schema serves both
 * encodings: byte fields are CBOR byte strings in the CBOR file and lower-case hex strings in its
 * JSON mirror, so the schema is built from the parser of one byte field.
 */
import { z } from 'zod';
import { DRBG_SEED_BYTES } from '../../../firmware/abi.js';
import {
  CONSENT_EPOCH_MAX, ENROLMENT_PLACES, GENERATION_CAPACITY_MAX, LOCK_GROUPS_MAX, PAGE_SHIFT_MAX, TIME_STEP_DAYS_MAX,
} from '../../../firmware/protocol.js';

/** The `schema` field of every vector file. */
export const VECTOR_SCHEMA = 'cylsim-lock-vectors';
/** The `version` this code writes: 2, which added the nvmWrites step. */
export const VECTOR_VERSION = 2;
/** The versions this reader knows; a file of another version is refused. */
export const READABLE_VERSIONS: readonly number[] = [1, 2];
/** The first version with the nvmWrites step. */
export const NVM_WRITES_VERSION = 2;

/** The HAL's energy gauge is a u32 of nanojoules (firmware/abi.ts, energyNj): the bench supply's reading. */
export const BENCH_ENERGY_NJ = 0xffff_ffff;
/** Most power-ups a setup spends raising the consent epoch, one COMMAND each (keeps a setup short). */
export const SETUP_CONSENT_EPOCH_MAX = 64;
/** Bytes of the site key (AES-128, PROTOCOL.md §4.1). */
const SITE_KEY_BYTES = 16;
/** The longest frame a step may carry: more than FRAME_MAX_BYTES (250), so that over-long frames can be sent. */
export const STEP_FRAME_MAX_BYTES = 1024;

const u8 = z.number().int().min(0).max(0xff);
const u16 = z.number().int().min(0).max(0xffff);
const u32 = z.number().int().min(0).max(0xffff_ffff);
const groupId = z.number().int().min(1).max(0xffff);

/** What an nvmWrites step asks of the lock's NVM: every write fails from now on, or writes work again. */
export const NVM_WRITE_MODES = ['fail', 'work'] as const;
export type NvmWriteMode = (typeof NVM_WRITE_MODES)[number];

export type BytesSchema = z.ZodType<Uint8Array, unknown>;

/** Byte strings in CBOR: a Uint8Array (cbor-x decodes them as Buffer, a Uint8Array). */
export const cborBytes: BytesSchema = z.instanceof(Uint8Array, { message: 'expected a byte string' }).transform((bytes) => new Uint8Array(bytes));

/** Byte strings in JSON: an even number of hex digits. */
export const jsonBytes: BytesSchema = z
  .string({ message: 'expected a hex string' })
  .regex(/^(?:[0-9a-fA-F]{2})*$/, 'expected hex: an even number of hex digits')
  .transform((hex) => Uint8Array.from(Buffer.from(hex, 'hex')));

function sized(bytes: BytesSchema, length: number): BytesSchema {
  return bytes.refine((value) => value.length === length, `expected ${length} bytes`);
}

export function vectorFileSchema(bytes: BytesSchema) {
  const energyPrices = z.strictObject({ releaseUj: u16, pageWriteUj: u16, pageShift: z.number().int().min(0).max(PAGE_SHIFT_MAX) });
  const relayAllowance = z.strictObject({ baseUs: u32, perByteNs: u32 });

  const lock = z.strictObject({
    siteKey: sized(bytes, SITE_KEY_BYTES),
    siteId: u16,
    lockId: u32,
    privateDwelling: u16,
    groups: z.array(groupId).min(1).max(LOCK_GROUPS_MAX),
    blocklistCapacity: z.number().int().min(1).max(0xffff),
    generationTableCapacity: z.number().int().min(1).max(GENERATION_CAPACITY_MAX),
    timeStepMaxDays: z.number().int().min(1).max(TIME_STEP_DAYS_MAX),
    energy: energyPrices,
    /** §7.6 step 5a: the relay bound per key type, as provisioned; none when absent. */
    relay: z.strictObject({ contact: relayAllowance, phone: relayAllowance }).optional(),
  });

  const blocklistEntry = z.strictObject({ keyId: u32, retireDay: u16 });
  const tenant = z.strictObject({
    keyId: u32,
    generation: z.number().int().min(1).max(0xffff),
    consentEpoch: z.number().int().min(0).max(Math.min(CONSENT_EPOCH_MAX, SETUP_CONSENT_EPOCH_MAX)).default(0),
    enrolment: z.array(u32).max(ENROLMENT_PLACES).default([]),
  });
  const generationEntry = z.strictObject({ dwellingId: groupId, generation: z.number().int().min(1).max(0xffff) });

  const state = z.strictObject({
    provisioned: z.boolean().default(true),
    markDay: u16,
    setupEntropy: sized(bytes, DRBG_SEED_BYTES),
    blocklist: z.strictObject({ version: u32, entries: z.array(blocklistEntry) }).default({ version: 0, entries: [] }),
    tenant: tenant.optional(),
    generationTable: z.array(generationEntry).default([]),
    /** Reserved: the log setting, not part of protocol version 1 (docs/VECTORS.md). */
    log: z.enum(['on', 'off']).optional(),
  });

  const powerUpStep = z.strictObject({ powerUp: z.strictObject({ entropy: sized(bytes, DRBG_SEED_BYTES) }), comment: z.string().optional() });
  const frameStep = z.strictObject({
    in: bytes.refine((value) => value.length <= STEP_FRAME_MAX_BYTES, `at most ${STEP_FRAME_MAX_BYTES} bytes`),
    out: bytes,
    energyNj: u32.default(BENCH_ENERGY_NJ),
    atUs: u32.default(0),
    comment: z.string().optional(),
  });
  /** From this step on, every NVM write of the lock fails (`fail`) or works again (`work`); docs/VECTORS.md, NVM_WRITES. */
  const modeMessage = `expected one of ${NVM_WRITE_MODES.map((mode) => `"${mode}"`).join(', ')}`;
  const nvmWriteMode = z
    .string({ message: modeMessage })
    // A refinement, not an enum: a wrong mode is then reported at its path rather than as no step kind at all.
    .refine((mode) => (NVM_WRITE_MODES as readonly string[]).includes(mode), { message: modeMessage })
    .transform((mode) => mode as NvmWriteMode);
  const nvmWritesStep = z.strictObject({ nvmWrites: nvmWriteMode, comment: z.string().optional() });
  const step = z.union([powerUpStep, frameStep, nvmWritesStep]);

  const test = z.strictObject({
    tcId: z.number().int().min(1),
    comment: z.string(),
    flags: z.array(z.string()),
    steps: z.array(step).min(1),
    result: z.enum(['valid', 'invalid']),
  });

  const group = z.strictObject({
    comment: z.string().optional(),
    profile: z.string().min(1),
    lock,
    state,
    tests: z.array(test),
  });

  return z.strictObject({
    schema: z.literal(VECTOR_SCHEMA),
    version: z.union([z.literal(1), z.literal(2)]),
    header: z.strictObject({
      description: z.array(z.string()),
      generator: z.string(),
      seed: z.string().optional(),
      protocolVersion: u8,
      abiVersion: u32,
      numberOfTests: z.number().int().min(0),
    }),
    notes: z.record(z.string(), z.string()),
    testGroups: z.array(group),
  });
}

export type VectorFile = z.output<ReturnType<typeof vectorFileSchema>>;
export type TestGroup = VectorFile['testGroups'][number];
export type LockConfiguration = TestGroup['lock'];
export type InitialState = TestGroup['state'];
export type VectorTest = TestGroup['tests'][number];
export type Step = VectorTest['steps'][number];
export type FrameStep = Extract<Step, { in: Uint8Array }>;
export type PowerUpStep = Extract<Step, { powerUp: unknown }>;
export type NvmWritesStep = Extract<Step, { nvmWrites: unknown }>;

export const isPowerUp = (step: Step): step is PowerUpStep => 'powerUp' in step;
export const isFrame = (step: Step): step is FrameStep => 'in' in step;
export const isNvmWrites = (step: Step): step is NvmWritesStep => 'nvmWrites' in step;

