/**
 * A frame split into its named fields (PROTOCOL.md §5-§9.3), for worked examples and traces. Each
 * field has its bytes and, for integers, its little-endian value.
 */
import { Reason, Role } from '../../firmware/abi.js';
import {
  AUTH_PART_CONSENT, AUTH_PART_TENANT_PROOF, AUTH_PART_VOUCHER, Command, COMMAND_RESULT_FIXED_BYTES, ENCLOSED_SECRET_BYTES,
  FrameType, NOTICE_CHANGE_DAY, NOTICE_EMERGENCY, NOTICE_TENANT_SECRET, NOTICE_VOUCHER,
} from '../../firmware/protocol.js';

export interface FrameField {
  name: string;
  bytes: Uint8Array;
  /** A readable value where there is one: an integer, or a name. */
  value?: string;
}

type Kind = 'u8' | 'u16' | 'u32' | 'bytes' | 'type' | 'role' | 'reason' | 'command';

class Splitter {
  readonly fields: FrameField[] = [];
  private at = 0;
  constructor(private readonly frame: Uint8Array) {}

  take(name: string, size: number, kind: Kind = 'bytes'): number {
    const bytes = this.frame.subarray(this.at, this.at + size);
    this.at += size;
    const integer = size <= 4 ? bytes.reduceRight((value, byte) => value * 256 + byte, 0) : 0;
    const value =
      kind === 'u8' || kind === 'u16' || kind === 'u32' ? String(integer)
      : kind === 'type' ? `0x${integer.toString(16).padStart(2, '0')} ${FrameType[integer] ?? '?'}`
      : kind === 'role' ? Role[integer] ?? '?'
      : kind === 'reason' ? Reason[integer] ?? '?'
      : kind === 'command' ? Command[integer] ?? '?'
      : undefined;
    this.fields.push(value === undefined ? { name, bytes } : { name, bytes, value });
    return integer;
  }

  get remaining(): number {
    return this.frame.length - this.at;
  }
}

function credential(split: Splitter): void {
  split.take('credential.version', 1, 'u8');
  split.take('credential.role', 1, 'role');
  split.take('credential.keyId', 4, 'u32');
  split.take('credential.siteId', 2, 'u16');
  split.take('credential.dwellingId', 2, 'u16');
  split.take('credential.generation', 2, 'u16');
  split.take('credential.validFrom (minutes)', 4, 'u32');
  split.take('credential.validUntil (minutes)', 4, 'u32');
  split.take('credential.issuedAt (minutes)', 4, 'u32');
  split.take('credential.flags', 1, 'u8');
  const groups = split.take('credential.groupCount', 1, 'u8');
  for (let g = 0; g < groups; g++) split.take(`credential.groupIds[${g}]`, 2, 'u16');
  split.take('credential.issuerMac', 8);
}

function voucher(split: Splitter): void {
  split.take('voucher.day', 2, 'u16');
  split.take('voucher.lockId', 4, 'u32');
  split.take('voucher.mac', 8);
}

export function frameFields(frame: Uint8Array): FrameField[] {
  const split = new Splitter(frame);
  const type = split.take('type', 1, 'type');
  switch (type) {
    case FrameType.Hello:
      split.take('protocolVersion', 1, 'u8');
      split.take('keyId', 4, 'u32');
      split.take('keyNonce', 8);
      split.take('keyFlags', 1, 'u8');
      break;
    case FrameType.Challenge:
      split.take('protocolVersion', 1, 'u8');
      split.take('lockId', 4, 'u32');
      split.take('lockNonce', 16);
      split.take('markDay', 2, 'u16');
      split.take('blocklistVersion', 4, 'u32');
      break;
    case FrameType.Auth: {
      const parts = split.take('parts', 1, 'u8');
      credential(split);
      if (parts & AUTH_PART_TENANT_PROOF) split.take('tenantProof', 8);
      if (parts & AUTH_PART_CONSENT) split.take('consentToken', 26);
      if (parts & AUTH_PART_VOUCHER) voucher(split);
      split.take('keyMac', 8);
      break;
    }
    case FrameType.Result: {
      split.take('decision', 1, 'u8');
      split.take('reason', 1, 'reason');
      split.take('markDay', 2, 'u16');
      const notices = split.take('notices', 1, 'u8');
      if (notices & NOTICE_TENANT_SECRET) {
        split.take('enclosedSecret.E', ENCLOSED_SECRET_BYTES - 8);
        split.take('enclosedSecret.mac', 8);
      }
      if (notices & NOTICE_VOUCHER) voucher(split);
      if (notices & NOTICE_CHANGE_DAY) split.take('changeDay', 2, 'u16');
      if (notices & NOTICE_EMERGENCY) {
        split.take('emergency.count', 4, 'u32');
        split.take('emergency.acknowledged', 4, 'u32');
        split.take('emergency.newest.day', 2, 'u16');
        split.take('emergency.newest.minuteOfDay', 2, 'u16');
        split.take('emergency.newest.keyId', 4, 'u32');
      }
      split.take('resultMac', 8);
      break;
    }
    case FrameType.Command:
      split.take('command', 1, 'command');
      split.take('argument', 4, 'u32');
      split.take('mac', 8);
      break;
    case FrameType.CommandResult:
      split.take('reason', 1, 'reason');
      split.take('value', 4, 'u32');
      if (frame.length === COMMAND_RESULT_FIXED_BYTES + ENCLOSED_SECRET_BYTES) {
        split.take('rotatedSecret.E', ENCLOSED_SECRET_BYTES - 8);
        split.take('rotatedSecret.mac', 8);
      }
      split.take('mac', 8);
      break;
    case FrameType.Delta: {
      split.take('siteId', 2, 'u16');
      split.take('fromVersion', 4, 'u32');
      const count = split.take('count', 1, 'u8');
      for (let e = 0; e < count; e++) {
        split.take(`entries[${e}].op`, 1, 'u8');
        split.take(`entries[${e}].keyId`, 4, 'u32');
        split.take(`entries[${e}].retireDay`, 2, 'u16');
      }
      split.take('mac', 8);
      break;
    }
    case FrameType.DeltaAck:
      split.take('reason', 1, 'reason');
      split.take('blocklistVersion', 4, 'u32');
      break;
    case FrameType.Error:
      split.take('reason', 1, 'reason');
      break;
  }
  if (split.remaining > 0) split.take('(unparsed)', split.remaining);
  return split.fields;
}
