/** §7.6 step 10: the key's generation, for credentials with a dwellingId ≠ 0. */
import { Role } from '../../firmware/abi.js';
import type { Credential } from '../protocol/frames/credential.js';
import type { LockMemory } from './lock-memory.js';

export type GenerationVerdict =
  /** Go on to step 11; `tableEntry` is written to a common lock's table only with a grant. */
  | { kind: 'continue'; tableEntry?: { dwellingId: number; generation: number } }
  /** Refuse with TenantChanged, enclosing the day of the change (§7.7). */
  | { kind: 'tenantChanged'; changeDay: number }
  /** A resident of a newer generation at its private lock: a tenant change, and a grant (§7.8). */
  | { kind: 'tenantChange' };

export function checkGeneration(memory: LockMemory, credential: Credential): GenerationVerdict {
  const { dwellingId, generation } = credential;
  if (dwellingId === 0) return { kind: 'continue' };

  if (memory.tenant !== null) {
    if (dwellingId !== memory.config.privateDwelling) return { kind: 'continue' };
    if (generation < memory.tenant.generation) return { kind: 'tenantChanged', changeDay: memory.tenant.changeDay };
    if (generation > memory.tenant.generation && credential.role === Role.Resident) return { kind: 'tenantChange' };
    return { kind: 'continue' };
  }

  // A common lock: its generation table.
  const newestSeen = memory.generationTable.get(dwellingId);
  if (newestSeen !== undefined && generation < newestSeen.generation) return { kind: 'tenantChanged', changeDay: newestSeen.changeDay };
  const tableFull = memory.generationTable.size >= memory.config.generationTableCapacity;
  if (newestSeen === undefined && tableFull) return { kind: 'continue' }; // untracked; the blocklist still applies
  if (newestSeen === undefined || generation > newestSeen.generation) return { kind: 'continue', tableEntry: { dwellingId, generation } };
  return { kind: 'continue' };
}
