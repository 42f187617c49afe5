/**
 * The rules the estate is audited against, from /work/shared/REQUIREMENTS.md: each is judged by
 * the simulation's true clock (when something really happened), not by the locks' time marks. A
 * breach the lock itself could have prevented is a failure; a breach that only an online lock could
 * have prevented (the news had not reached the door yet) is counted as the latency an offline
 * system cannot avoid, a figure and not a failure (PROTOCOL.md §3, "What an offline lock cannot
 * know").
 */

export type RuleId =
  | 'blocked-key'
  | 'tenant-change'
  | 'third-party-window'
  | 'third-party-consent'
  | 'emergency-shown'
  | 'log-retention'
  | 'log-consent'
  | 'care-renewal'
  | 'care-withdrawal';

export interface Rule {
  id: RuleId;
  requirements: string;
  title: string;
}

export const RULES: readonly Rule[] = [
  { id: 'blocked-key', requirements: 'R-KEY-2', title: 'a blocked key stops everywhere' },
  { id: 'tenant-change', requirements: 'R-KEY-3', title: "a previous tenant's keys are refused after a tenant change" },
  { id: 'third-party-window', requirements: 'R-KEY-4', title: 'contractors and care workers only in their window and groups' },
  { id: 'third-party-consent', requirements: 'R-KEY-4, R-PRV-3', title: 'in a dwelling only with unwithdrawn consent' },
  { id: 'emergency-shown', requirements: 'R-EMG-2', title: 'every emergency opening is shown to the tenant' },
  { id: 'log-retention', requirements: 'R-PRV-4', title: 'no log entry older than 28 days' },
  { id: 'log-consent', requirements: 'R-PRV-1, R-PRV-2', title: 'no log while consent is off' },
  { id: 'care-renewal', requirements: 'R-CARE-2', title: 'care credentials renewed at least every three months' },
  { id: 'care-withdrawal', requirements: 'R-CARE-4', title: 'access withdrawn from care organisations that stopped confirming' },
];
