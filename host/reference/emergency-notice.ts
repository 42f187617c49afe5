/** §9.3: the emergency notice a grant to a tenant key carries while openings are unacknowledged. */
import type { EmergencyNotice } from '../protocol/frames/result.js';
import type { LockMemory } from './lock-memory.js';

/** The notice, or undefined when every opening has been acknowledged. The newest record is the last recorded. */
export function emergencyNotice(memory: LockMemory): EmergencyNotice | undefined {
  if (memory.emergencyCount <= memory.emergencyAcknowledged) return undefined;
  const newest = memory.emergencyRecords[memory.emergencyRecords.length - 1];
  if (newest === undefined) throw new Error('an emergency count without a record');
  return { count: memory.emergencyCount, acknowledged: memory.emergencyAcknowledged, newest: { ...newest } };
}
