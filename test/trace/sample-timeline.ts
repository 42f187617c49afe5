/** A small session-like timeline for the trace tests: the capacitor charges, the MCU works, the voltage decays. */
import type { Timeline } from '../../host/trace/timeline.js';

export const MCU_STATES = ['off', 'boot', 'idle', 'crypto', 'nvm_write', 'actuate'] as const;

export const sampleTimeline: Timeline = {
  signals: [
    { kind: 'real', name: 'cap_voltage_v', scope: 'lock.power' },
    { kind: 'wire', name: 'field_on', scope: 'lock.nfc', width: 1, initial: 0 },
    { kind: 'wire', name: 'mcu_state', scope: 'lock.mcu', width: 3, states: MCU_STATES, initial: 'off' },
    // The fourth identifier is '$': it must not be taken for a keyword.
    { kind: 'wire', name: 'actuator_on', scope: 'lock.actuator', width: 1 },
  ],
  lanes: [{ name: 'firmware', process: 'lock' }, { name: 'nfc', process: 'lock' }, { name: 'nvm', process: 'lock' }, { name: 'actuator', process: 'lock' }],
  changes: [
    { signal: 'cap_voltage_v', atUs: 0, value: 0 },
    { signal: 'actuator_on', atUs: 0, value: 0 },
    { signal: 'field_on', atUs: 5, value: 1 },
    { signal: 'cap_voltage_v', atUs: 10, value: 0.5 },
    { signal: 'cap_voltage_v', atUs: 20, value: 1.25 },
    { signal: 'cap_voltage_v', atUs: 30, value: 2 },
    // Equal times, different signals.
    { signal: 'cap_voltage_v', atUs: 40, value: 2.875 },
    { signal: 'mcu_state', atUs: 40, value: 'boot' },
    { signal: 'cap_voltage_v', atUs: 50, value: 3.3 },
    { signal: 'mcu_state', atUs: 62.5, value: 'idle' },
    { signal: 'mcu_state', atUs: 100.125, value: 'crypto' },
    { signal: 'mcu_state', atUs: 180, value: 'nvm_write' },
    { signal: 'cap_voltage_v', atUs: 200, value: 3.1 },
    { signal: 'mcu_state', atUs: 250, value: 'actuate' },
    { signal: 'actuator_on', atUs: 250, value: 1 },
    { signal: 'cap_voltage_v', atUs: 260, value: 2.4375 },
    { signal: 'cap_voltage_v', atUs: 300, value: 1.8 },
    { signal: 'field_on', atUs: 300, value: 0 },
    { signal: 'actuator_on', atUs: 310.001, value: 0 },
    { signal: 'mcu_state', atUs: 320.5, value: 'off' },
    { signal: 'cap_voltage_v', atUs: 400, value: 0.0009765625 },
    { signal: 'cap_voltage_v', atUs: 500, value: 1e-7 },
  ],
  spans: [
    { lane: 'nfc', name: 'field', startUs: 5, durationUs: 295 },
    { lane: 'firmware', name: 'boot', startUs: 40, durationUs: 22.5 },
    { lane: 'firmware', name: 'session', startUs: 62.5, durationUs: 258 },
    { lane: 'firmware', name: 'verify_mac', category: 'crypto', startUs: 100.125, durationUs: 79.875, args: { key_slot: 2 } },
    { lane: 'nvm', name: 'write_record', startUs: 180, durationUs: 70, args: { bytes: 64, address: '0x0400' } },
    { lane: 'actuator', name: 'release', startUs: 250, durationUs: 60.001 },
  ],
  instants: [
    { lane: 'nfc', name: 'REQA', atUs: 12 },
    { lane: 'firmware', name: 'brownout', atUs: 320.5, scope: 'process', args: { cap_voltage_v: 1.8 } },
  ],
  endUs: 600,
};
