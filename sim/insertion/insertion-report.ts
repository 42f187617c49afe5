/**
 * What `cylsim insert` reports of an insertion on the lock's own power: the rail's timeline (merged
 * spans), the latency and the energy margin, as text and as JSON fields; for a phone, where it was
 * held, its field, the polling and the waiting time extensions.
 */
import { fcToUs } from '../../host/nfc/carrier.js';
import type { PhoneInsertion } from '../../host/power/phone-insertion.js';
import type { PhysicalInsertion } from '../../host/power/physical-insertion.js';
import { mergeSpans } from '../../host/power/power-rail.js';
import type { PoweredInsertion } from '../../host/power/powered-session.js';

const round2 = (value: number): number => Math.round(value * 100) / 100;
const ms = (us: number): string => `${(us / 1000).toFixed(3).padStart(9)} ms`;

function timelineJson(insertion: PoweredInsertion) {
  return insertion.record.spans.map((span) => ({ activity: span.activity, startUs: round2(span.startUs), endUs: round2(span.endUs), drawnUj: round2(span.drawnUj), endV: round2(span.endV) }));
}

/** The fields every powered insertion reports. */
function poweredJson(insertion: PoweredInsertion) {
  return {
    latencyUs: round2(insertion.latencyUs),
    energyMarginUj: round2(insertion.marginUj),
    energyOutcome: insertion.outcome,
    powerOnAtUs: insertion.record.powerOnAtUs === undefined ? null : round2(insertion.record.powerOnAtUs),
    timeline: timelineJson(insertion),
  };
}

export function physicalJson(physical: PhysicalInsertion) {
  return {
    /** From the start of the key's turn to the end of the last frame (after the release), us. */
    ...poweredJson(physical),
    turnMs: round2(physical.record.sourceEndUs / 1000),
    harvestUj: round2(physical.harvestUj),
  };
}

/** How many REQAs the phone sent that nobody answered. */
function unansweredReqas(phone: PhoneInsertion): number {
  const reqas = phone.air.frames.filter((frame) => frame.kind === 'REQA').length;
  return phone.air.frames.some((frame) => frame.kind === 'ATQA') ? reqas - 1 : reqas;
}

export function phoneJson(phone: PhoneInsertion) {
  return {
    /** From field-on to the end of the last frame (after the release), us. */
    ...poweredJson(phone),
    holdMs: phone.holdMs,
    harvestUj: round2(phone.harvestUj),
    phone: {
      distanceMm: phone.distanceMm,
      fieldAPerM: round2(phone.fieldAPerM),
      harvestUw: round2(phone.harvestUw),
      unansweredReqas: unansweredReqas(phone),
      fwtUs: round2(fcToUs(phone.air.fwtFc)),
      waitingTimeExtensions: phone.air.warnings,
      fieldOffAtUs: round2(phone.air.fieldOffAtUs),
    },
  };
}

function printSpans(insertion: PoweredInsertion): void {
  const { record } = insertion;
  if (record.powerOnAtUs !== undefined) console.log(`  ${ms(record.powerOnAtUs)}  power-on`);
  for (const span of mergeSpans(record.spans)) {
    console.log(`  ${ms(span.startUs)}  ${span.activity.padEnd(9)} ${((span.endUs - span.startUs) / 1000).toFixed(3).padStart(8)} ms ${span.drawnUj.toFixed(1).padStart(8)} uJ  -> ${span.endV.toFixed(3)} V`);
  }
  if (record.cut && record.cut.during !== 'power-on') console.log(`  ${ms(record.cut.atUs)}  brown-out during ${record.cut.during}`);
}

export function printPhysicalTimeline(physical: PhysicalInsertion): void {
  if (physical.record.powerOnAtUs === undefined) {
    console.log(`  the capacitor never reached power-on during the ${(physical.record.sourceEndUs / 1000).toFixed(0)} ms turn`);
    return;
  }
  printSpans(physical);
}

export function printPhysicalEnergy(physical: PhysicalInsertion): void {
  console.log(`latency from the turn's start to the ${physical.outcome === 'released' ? 'release and the RESULT' : 'last frame'}: ${(physical.latencyUs / 1000).toFixed(2)} ms`);
  console.log(`energy: the turn harvests ${physical.harvestUj.toFixed(0)} uJ; ${physical.outcome}; margin at the turn's end ${physical.marginUj.toFixed(1)} uJ`);
}

export function printPhoneTimeline(phone: PhoneInsertion): void {
  console.log(`  ${ms(0)}  field on: ${phone.fieldAPerM.toFixed(2)} A/m at ${phone.distanceMm} mm, the front end harvests ${phone.harvestUw.toFixed(0)} uW`);
  const reqas = unansweredReqas(phone);
  if (phone.record.powerOnAtUs === undefined) {
    console.log(`  the capacitor never reached power-on while the phone was held (${phone.holdMs} ms); ${reqas} REQAs went unanswered`);
  } else {
    console.log(`  the phone polls: ${reqas} REQAs unanswered before the lock listens`);
    printSpans(phone);
  }
  for (const note of phone.air.warnings) console.log(`  ${note}`);
  console.log(`  ${ms(phone.air.fieldOffAtUs)}  field off${phone.outcome === 'withdrawn' ? ': the phone was taken away before the session ended' : ''}`);
}

export function printPhoneEnergy(phone: PhoneInsertion): void {
  console.log(`latency from field-on to the ${phone.outcome === 'released' ? 'release and the RESULT' : 'last frame'}: ${(phone.latencyUs / 1000).toFixed(2)} ms`);
  const fwtMs = fcToUs(phone.air.fwtFc) / 1000;
  console.log(`the phone's reader waits FWT ${fwtMs.toFixed(1)} ms per answer (FWI in the ATS)${phone.air.warnings.length > 0 ? ', extended by S(WTX) where the lock needed longer' : '; every answer came within it'}`);
  console.log(`energy: the field delivered ${phone.harvestUj.toFixed(0)} uJ; ${phone.outcome}; margin at field-off ${phone.marginUj.toFixed(1)} uJ`);
}
