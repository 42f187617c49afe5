/**
 * The frames the fuzzer sends (fast-check arbitraries): random bytes of any length up to
 * FRAME_MAX_BYTES; random bytes behind each type byte the protocol knows (and some it does not);
 * frames of each key-to-lock type built field by field, of the right length but with made-up
 * fields and MACs; the phase's genuine HELLO (a new session); and mutations of the phase's genuine
 * frames (bit flips, truncation, extension, a swapped type byte, a changed byte), each of which
 * changes the frame, so that none of them is the genuine frame again.
 */
import fc from 'fast-check';
import { AUTH_PART_CONSENT, AUTH_PART_TENANT_PROOF, AUTH_PART_VOUCHER, CONSENT_BYTES, FRAME_MAX_BYTES, FrameType, KEY_NONCE_BYTES, MAC_BYTES, VOUCHER_BYTES } from '../../../firmware/protocol.js';
import { concat, u16le, u32le } from '../../protocol/bytes.js';
import { decodeHello } from '../../protocol/frames.js';
import type { FuzzPhase } from './fuzz-phases.js';

/** Every type byte of PROTOCOL.md §5, and bytes of no type (0x00, 0x05, 0x3F, 0x40, 0x80, 0xC0, 0xFF). */
export const TYPE_BYTES = [
  FrameType.Hello, FrameType.Delta, FrameType.Auth, FrameType.Command, FrameType.Challenge, FrameType.DeltaAck, FrameType.Result,
  FrameType.CommandResult, FrameType.Error, 0x00, 0x05, 0x3f, 0x40, 0x80, 0xc0, 0xff,
];
/** Bytes a mutation may append: enough to pass FRAME_MAX_BYTES from any genuine frame. */
const EXTENSION_MAX_BYTES = FRAME_MAX_BYTES;
/** Bit flips per mutation, at most. */
const FLIPS_MAX = 3;

const u8 = fc.integer({ min: 0, max: 0xff });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffff_ffff });
const bytes = (length: number) => fc.uint8Array({ minLength: length, maxLength: length });
/** Mostly `usual`, sometimes anything. */
const mostly = <T>(usual: fc.Arbitrary<T>, anything: fc.Arbitrary<T>) => fc.oneof({ arbitrary: usual, weight: 4 }, { arbitrary: anything, weight: 1 });

export const randomFrame = fc.uint8Array({ minLength: 0, maxLength: FRAME_MAX_BYTES });

export const typedRandomFrame = fc
  .tuple(fc.constantFrom(...TYPE_BYTES), fc.uint8Array({ minLength: 0, maxLength: FRAME_MAX_BYTES - 1 }))
  .map(([type, rest]) => concat(Uint8Array.of(type), rest));

function helloFrame(keyId: number) {
  return fc
    .tuple(mostly(fc.constant(1), u8), mostly(fc.constant(keyId), u32), bytes(KEY_NONCE_BYTES), u8)
    .map(([version, id, nonce, flags]) => concat(Uint8Array.of(FrameType.Hello, version), u32le(id), nonce, Uint8Array.of(flags)));
}

function deltaFrame(siteId: number) {
  const entry = fc.tuple(mostly(fc.constantFrom(1, 2), u8), u32, u16).map(([op, keyId, day]) => concat(Uint8Array.of(op), u32le(keyId), u16le(day)));
  return fc
    .tuple(mostly(fc.constant(siteId), u16), mostly(fc.integer({ min: 0, max: 4 }), u32), fc.array(entry, { minLength: 1, maxLength: 16 }), mostly(fc.constant(-1), u8), bytes(MAC_BYTES))
    .map(([site, from, entries, count, mac]) => concat(Uint8Array.of(FrameType.Delta), u16le(site), u32le(from), Uint8Array.of(count < 0 ? entries.length : count), ...entries, mac));
}

function authFrame(keyId: number, siteId: number) {
  const credential = fc
    .tuple(mostly(fc.constant(1), u8), fc.integer({ min: 0, max: 7 }), mostly(fc.constant(keyId), u32), mostly(fc.constant(siteId), u16), u16, u16, u32, u32, u32, mostly(fc.constantFrom(0, 1), u8), fc.array(u16, { minLength: 1, maxLength: 8 }), bytes(MAC_BYTES))
    .map(([version, role, id, site, dwelling, generation, from, until, issued, flags, groups, mac]) =>
      concat(Uint8Array.of(version, role), u32le(id), u16le(site), u16le(dwelling), u16le(generation), u32le(from), u32le(until), u32le(issued), Uint8Array.of(flags, groups.length), ...groups.map(u16le), mac),
    );
  return fc
    .tuple(mostly(fc.integer({ min: 0, max: 7 }), u8), credential, bytes(MAC_BYTES), bytes(CONSENT_BYTES), bytes(VOUCHER_BYTES), bytes(MAC_BYTES))
    .map(([parts, cred, proof, consent, voucher, keyMac]) =>
      concat(
        Uint8Array.of(FrameType.Auth, parts),
        cred,
        parts & AUTH_PART_TENANT_PROOF ? proof : new Uint8Array(0),
        parts & AUTH_PART_CONSENT ? consent : new Uint8Array(0),
        parts & AUTH_PART_VOUCHER ? voucher : new Uint8Array(0),
        keyMac,
      ),
    );
}

const commandFrame = fc
  .tuple(mostly(fc.integer({ min: 1, max: 4 }), u8), mostly(fc.constant(0), u32), bytes(MAC_BYTES))
  .map(([code, argument, mac]) => concat(Uint8Array.of(FrameType.Command, code), u32le(argument), mac));

/** A mutation of `base` that always changes it. */
function mutated(base: Uint8Array): fc.Arbitrary<Uint8Array> {
  const bits = base.length * 8;
  const flip = fc.uniqueArray(fc.integer({ min: 0, max: bits - 1 }), { minLength: 1, maxLength: FLIPS_MAX }).map((positions) => {
    const frame = base.slice();
    for (const bit of positions) frame[bit >> 3]! ^= 1 << (bit & 7);
    return frame;
  });
  const truncate = fc.integer({ min: 0, max: base.length - 1 }).map((length) => base.slice(0, length));
  const extend = fc.uint8Array({ minLength: 1, maxLength: EXTENSION_MAX_BYTES }).map((tail) => concat(base, tail));
  const swapType = fc.constantFrom(...TYPE_BYTES).map((type) => {
    const frame = base.slice();
    frame[0] = type === base[0] ? type ^ 0x40 : type;
    return frame;
  });
  const setByte = fc.tuple(fc.integer({ min: 0, max: base.length - 1 }), u8).map(([at, value]) => {
    const frame = base.slice();
    frame[at] = value === base[at] ? value ^ 0xff : value;
    return frame;
  });
  return fc.oneof(flip, truncate, extend, swapType, setByte);
}

/** Any frame the fuzzer sends in `phase`, at site `siteId`; made-up frames mostly name the key of the phase's session. */
export function fuzzFrame(phase: FuzzPhase, siteId: number): fc.Arbitrary<Uint8Array> {
  const [genuineHello] = phase.genuine;
  const { keyId } = decodeHello(genuineHello!);
  return fc.oneof(
    { arbitrary: randomFrame, weight: 2 },
    { arbitrary: typedRandomFrame, weight: 2 },
    { arbitrary: helloFrame(keyId), weight: 1 },
    { arbitrary: deltaFrame(siteId), weight: 1 },
    { arbitrary: authFrame(keyId, siteId), weight: 2 },
    { arbitrary: commandFrame, weight: 1 },
    { arbitrary: fc.constant(genuineHello!), weight: 1 },
    { arbitrary: fc.constantFrom(...phase.genuine).chain(mutated), weight: 6 },
  );
}
