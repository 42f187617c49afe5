/** The machine a run measured: what the figures depend on (no wall clock: results carry no date). */
import os from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cpuCount: number;
  node: string;
  v8: string;
  platform: string;
  arch: string;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCount: cpus.length,
    node: process.version,
    v8: process.versions.v8,
    platform: os.platform(),
    arch: os.arch(),
  };
}
