/**
 * Vitest global setup: the tests use real tools from Debian's packages (tshark reads our pcap
 * files, GTKWave's vcd2fst/fst2vcd our VCD files, socat links pseudo-terminals, Chromium renders reports). Missing ones are installed when the tests run
 * as root (as CI does); otherwise the run stops and names the command. No test is skipped.
 */
import { spawnSync } from 'node:child_process';

/** Each command the tests run, and the Debian package that brings it. */
const TOOLS: readonly { command: string; debianPackage: string }[] = [
  { command: 'tshark', debianPackage: 'tshark' },
  { command: 'vcd2fst', debianPackage: 'gtkwave' },
  { command: 'fst2vcd', debianPackage: 'gtkwave' },
  // A linked pseudo-terminal pair for the HIL serial target (docs/VECTORS.md).
  { command: 'socat', debianPackage: 'socat' },
  // Renders the estate report headless (docs/SCENARIOS.md).
  { command: 'chromium', debianPackage: 'chromium' },
];

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function missingPackages(): string[] {
  return [...new Set(TOOLS.filter((tool) => !onPath(tool.command)).map((tool) => tool.debianPackage))];
}

function run(command: string, args: string[]): void {
  // tshark's package asks a debconf question unless the front end is non-interactive.
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
}

export default function ensureDebianTools(): void {
  const missing = missingPackages();
  if (missing.length === 0) return;
  const install = `apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new Error(`the tests need ${missing.join(', ')} from Debian: run \`sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive ${install}\``);
  }
  console.log(`installing ${missing.join(', ')} for the tests (${install})`);
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', ...missing]);
  const stillMissing = missingPackages();
  if (stillMissing.length > 0) throw new Error(`${stillMissing.join(', ')} still missing after \`${install}\``);
}
