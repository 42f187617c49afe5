/** The flags of the generated suite and what each means: the file's `notes` (docs/VECTORS.md). */
export const NOTES = {
  Role: 'A key of one role (resident, extra key, contractor, care worker, emergency, programming) at a door (PROTOCOL.md §6, §7.6 steps 7 and 11).',
  Malformed: 'A frame the lock cannot parse: wrong length, unknown type, a field out of range; answered with ERROR Malformed and nothing changes (§5, §7.6 step 1).',
  UnexpectedFrame: 'A frame the session\'s state does not expect (§7.9).',
  NotProvisioned: 'A lock that was never provisioned answers every frame with ERROR NotProvisioned (§5, §9.1).',
  Credential: 'The credential and the session MAC: version, keyId, site, issuer MAC, key MAC (§7.6 steps 1-4).',
  Window: 'The credential\'s validity window against the session time (§7.6 step 9, §3 "what an offline lock cannot know").',
  Replay: 'Frames recorded in one session and played again in another: the lock\'s fresh nonce makes them useless (§7.1).',
  TimeRollback: 'A key carrying time older than the lock\'s mark: the mark never moves back (§3).',
  TimeStep: 'A key carrying time far ahead: one session moves the mark forward by at most timeStepMaxDays (§3).',
  Voucher: 'A time voucher from another lock, with a good or a wrong MAC (§7.5).',
  Blocklist: 'The blocklist and its deltas (§7.6 step 6, §8).',
  BlocklistBoundary: 'The first and the last entry of the blocklist, and the keyIds just outside them.',
  BlocklistFull: 'A delta that would leave more entries than the lock\'s blocklistCapacity (§8).',
  InterruptedDelta: 'A run of deltas cut by a power loss: the applied ones stay, the next insertion carries on (§8).',
  GenerationTable: 'A common lock\'s generation table (§2, §7.6 step 10).',
  TenantChange: 'A resident key of a newer generation at a private lock: the tenant secret is drawn and enclosed (§7.8).',
  TenantProof: 'A tenant key\'s proof of T at its own door (§7.4, §7.6 step 11).',
  Consent: 'Consent tokens for contractors and care workers: given, for another key, expired (§6.2).',
  ConsentWithdrawn: 'The tenant raises the consent epoch; every earlier token is refused (§9.2).',
  Emergency: 'Emergency openings, recorded before the release and told to the tenant (§7.6 step 11, §9.3).',
  Enrolment: 'The tenant enrols another key, which receives T at its first insertion (§9.2).',
  TenantCommand: 'Tenant commands after a grant with a tenant proof (§9.2).',
  EnergyStarvation: 'The energy gauge below what a step needs, one nanojoule short, or at zero (§7.10).',
  InitialState: 'A test whose outcome depends on the group\'s initial state as the setup established it (docs/VECTORS.md).',
} as const;

export type Flag = keyof typeof NOTES;
