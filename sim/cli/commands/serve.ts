/**
 * `cylsim serve`: the emulator acting as a device on the device link (docs/VECTORS.md), over stdin
 * and stdout, a TCP port, or a pseudo-terminal (socat makes the pair; the emulator opens one end
 * with the serialport package and prints the other's path).
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { createServer } from 'node:net';
import { buildVariants } from '../../../firmware/abi.js';
import { EmulatedDevice, type LockImplementation } from '../../../host/hil/device/emulated-device.js';
import { serveDevice } from '../../../host/hil/link/device-server.js';
import { openPseudoTerminalPair } from '../../../host/hil/link/pseudo-terminal.js';
import { serialTransport } from '../../../host/hil/link/transports.js';
import type { BuildVariant } from '../../../host/firmware/image.js';
import { listProfiles, loadProfileByName } from '../../../host/profile/load-profile.js';

interface ServeOptions {
  stdio?: boolean;
  tcp?: { host: string; port: number };
  pty?: boolean;
  lock: string;
  profile: string;
  /** --no-nvm-faults: false, a device that answers NVM_WRITES "unsupported". */
  nvmFaults: boolean;
}

const IMPLEMENTATIONS = ['reference', ...buildVariants().map((variant) => `wasm:${variant}`), 'wasm'];

export function serveCommand(): Command {
  return new Command('serve')
    .description('act as a device on the device link, for `cylsim vectors run` (docs/VECTORS.md)')
    .addOption(new Option('--stdio', 'speak the link on stdin and stdout').conflicts(['tcp', 'pty']))
    .addOption(new Option('--tcp <host:port>', 'listen on a TCP port (port 0: any free port; the address is printed)').argParser(hostPort).conflicts(['pty']))
    .addOption(new Option('--pty', 'open a pseudo-terminal and print its path (needs socat)'))
    .addOption(new Option('--lock <implementation>', 'what implements the lock').choices(IMPLEMENTATIONS).default('wasm'))
    .addOption(new Option('--profile <name>', 'hardware profile of the device').choices(listProfiles()).default('reference-m0plus'))
    .option('--no-nvm-faults', 'answer NVM_WRITES "unsupported", as a build without the NVM fault hook does')
    .action(async (options: ServeOptions, command: Command) => {
      const modes = [options.stdio, options.tcp, options.pty].filter(Boolean).length;
      if (modes !== 1) command.error('error: choose one of --stdio, --tcp <host:port>, --pty');
      const device = new EmulatedDevice({ implementation: implementation(options.lock), profile: loadProfileByName(options.profile), nvmFaults: options.nvmFaults });
      if (options.stdio) await serveStdio(device);
      else if (options.tcp) await serveTcp(device, options.tcp);
      else await servePty(device);
    });
}

function implementation(name: string): LockImplementation {
  if (name === 'reference') return { kind: 'reference' };
  return { kind: 'wasm', variant: (name.split(':')[1] ?? 'release') as BuildVariant };
}

function hostPort(text: string): { host: string; port: number } {
  const match = /^(.+):(\d{1,5})$/.exec(text);
  const port = Number(match?.[2]);
  if (!match || !(port >= 0 && port <= 65535)) throw new InvalidArgumentError(`expected HOST:PORT with a port of 0..65535, got "${text}"`);
  return { host: match[1]!, port };
}

/** stdout carries the link only; messages go to stderr. Ends when stdin ends. */
async function serveStdio(device: EmulatedDevice): Promise<void> {
  await serveDevice(device, process.stdin, process.stdout).closed;
}

async function serveTcp(device: EmulatedDevice, address: { host: string; port: number }): Promise<void> {
  const server = createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('error', () => socket.destroy());
    serveDevice(device, socket, socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => resolve());
  });
  const bound = server.address();
  const port = typeof bound === 'object' && bound ? bound.port : address.port;
  console.log(`cylsim serve: device on tcp:${address.host}:${port}`);
  await untilSignalled(() => new Promise<void>((resolve) => server.close(() => resolve())));
}

async function servePty(device: EmulatedDevice): Promise<void> {
  const pair = await openPseudoTerminalPair();
  const port = await serialTransport(pair.devicePath);
  serveDevice(device, port.input, port.output);
  console.log(`cylsim serve: device on serial:${pair.hostPath}`);
  await untilSignalled(async () => {
    await port.close();
    await pair.close();
  });
}

/** Runs until SIGINT or SIGTERM, then `stop`. */
function untilSignalled(stop: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const onSignal = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      void stop().finally(resolve);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
