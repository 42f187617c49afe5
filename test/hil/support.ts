/** Shared by the HIL tests: the generated suite, and `cylsim serve` started as a child process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateSuite } from '../../host/hil/suite/generate-suite.js';
import type { VectorFile } from '../../host/hil/vectors/schema.js';
import { packagePath } from '../../host/package-root.js';
import { loadProfileByName } from '../../host/profile/load-profile.js';

export const profile = loadProfileByName('reference-m0plus');
export const CLI = packagePath('dist', 'sim', 'cli', 'main.js');

let suite: VectorFile | undefined;

/** The suite of seed "test", generated once per test file. */
export function generatedSuite(): VectorFile {
  suite ??= generateSuite({ seed: 'test', profile });
  return suite;
}

/** How long `cylsim serve` may take to print where it serves, ms (it loads and compiles the images first). */
const SERVE_START_TIMEOUT_MS = 20_000;

export interface ServedDevice {
  /** The target to give `vectors run`: tcp:HOST:PORT or serial:PATH. */
  target: string;
  stop(): Promise<void>;
}

/** `cylsim serve ARGS` in a child process, once it prints "device on TARGET". */
export function startServe(...args: string[]): Promise<ServedDevice> {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`cylsim serve ${args.join(' ')} did not start: ${output}`));
    }, SERVE_START_TIMEOUT_MS);
    const onData = (text: Buffer) => {
      output += text.toString();
      const match = /device on (\S+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({ target: match[1]!, stop });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`cylsim serve ${args.join(' ')} ended with exit code ${code}: ${output}`));
    });
  });
}
