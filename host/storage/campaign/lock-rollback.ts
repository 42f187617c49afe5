/**
 * The versions and counts of a lock's state that no update lowers (STORAGE.md, "How each update is
 * made": no version or count rolls back), and which of them a state has below the state before.
 */
import type { LockImage } from '../nvm-image.js';

/** State fields that only ever grow: time, generations, the blocklist's version, the emergency counts, the log's start. */
const NEVER_LOWER = ['markDay', 'generation', 'blocklistVersion', 'emergencyCount', 'emergencyAcked', 'logStart'] as const;

export function lockRolledBack(before: LockImage, state: LockImage): string[] {
  if (!before.provisioned) return [];
  if (!state.provisioned) return ['provisioned'];
  const was = before.state;
  const now = state.state;
  const back: string[] = NEVER_LOWER.filter((field) => now[field] < was[field]);
  // The consent epoch goes back to 0 at a tenant change (PROTOCOL.md §7.8), and only then.
  if (now.generation === was.generation && now.consentEpoch < was.consentEpoch) back.push('consentEpoch');
  // A tenant change wipes the current T (PROTOCOL.md §7.8: the new one is pending until proved), and only it.
  if (was.hasTenant && !now.hasTenant && now.generation === was.generation) back.push('hasTenant');
  // A common lock's table keeps every dwelling it has seen, at its newest generation.
  for (const entry of before.generationTable) {
    const kept = state.generationTable.find((candidate) => candidate.dwellingId === entry.dwellingId);
    if (!kept || kept.generation < entry.generation) back.push(`generation of dwelling ${entry.dwellingId}`);
  }
  // The log numbers its entries for the lock's life, and the counter only counts up (STORAGE.md).
  if (state.log.head < before.log.head) back.push('log head');
  if (state.failedMacs < before.failedMacs) back.push('failedMacs');
  return back;
}
