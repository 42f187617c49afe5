/**
 * One row of the attack report: what was tried, how often, how often the attacker got what it
 * wanted, and how the lock answered. `granted` counts the attempts that achieved the attack's aim:
 * a door released for it, or, for the attacks on someone else's rights, a valid key refused or a
 * record lost (each attack says which). Every other attempt was refused, and `refusals` counts the
 * reasons (PROTOCOL.md §10) or, where the lock had nothing to refuse, what it did instead.
 */
export interface AttackRow {
  attack: string;
  attempts: number;
  granted: number;
  /** The refusals in words, with any note on what the attack showed. */
  result: string;
  /** Reason name (or outcome) → attempts. */
  refusals: Record<string, number>;
  /** Figures the attack computes besides its counts, by name (e.g. the expected insertions to guess a MAC). */
  figures?: Record<string, string>;
}

/** Counts the attempts of one attack as they are made. */
export class AttackTally {
  private attemptCount = 0;
  private grantCount = 0;
  private readonly counts = new Map<string, number>();
  private readonly grantLabels = new Map<string, number>();

  /** An attempt the lock refused (or withstood), labelled with its reason. */
  refused(label: string): void {
    this.attemptCount++;
    this.counts.set(label, (this.counts.get(label) ?? 0) + 1);
  }

  /** An attempt that achieved the attack's aim, labelled with what it got. */
  succeeded(label: string): void {
    this.attemptCount++;
    this.grantCount++;
    this.grantLabels.set(label, (this.grantLabels.get(label) ?? 0) + 1);
  }

  /** An attempt: achieved its aim when `achieved`, else refused with `label`. */
  record(achieved: boolean, label: string): void {
    if (achieved) this.succeeded(label);
    else this.refused(label);
  }

  get attempts(): number {
    return this.attemptCount;
  }

  row(attack: string, note?: string, figures?: Record<string, string>): AttackRow {
    const list = (counts: Map<string, number>) => [...counts].map(([label, count]) => `${label} ×${count.toLocaleString('en-US')}`).join(', ');
    const parts = [
      ...(this.grantCount > 0 ? [`GRANTED: ${list(this.grantLabels)}`] : []),
      ...(this.counts.size > 0 ? [`refused: ${list(this.counts)}`] : []),
      ...(note ? [note] : []),
    ];
    return {
      attack,
      attempts: this.attemptCount,
      granted: this.grantCount,
      result: parts.join('; '),
      refusals: Object.fromEntries(this.counts),
      ...(figures ? { figures } : {}),
    };
  }
}
