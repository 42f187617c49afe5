/**
 * A linked pair of pseudo-terminals made by socat (`socat -d -d pty,raw,echo=0 pty,raw,echo=0`,
 * which prints "PTY is PATH" for each on stderr): what one end receives the other sends. The
 * emulator serves on one end; a runner opens the other as a serial port.
 */
import { spawn } from 'node:child_process';

/** How long socat may take to print both paths, ms. */
const SOCAT_START_TIMEOUT_MS = 5000;

export interface PseudoTerminalPair {
  /** The end the device serves on. */
  devicePath: string;
  /** The end a runner opens. */
  hostPath: string;
  close(): Promise<void>;
}

export function openPseudoTerminalPair(): Promise<PseudoTerminalPair> {
  const socat = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const close = () =>
    new Promise<void>((resolve) => {
      if (socat.exitCode !== null || socat.signalCode !== null) return resolve();
      socat.once('exit', () => resolve());
      socat.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => {
      void close();
      reject(new Error(`socat printed no pseudo-terminal paths within ${SOCAT_START_TIMEOUT_MS} ms: ${stderr.trim()}`));
    }, SOCAT_START_TIMEOUT_MS);
    socat.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot start socat (apt-get install socat): ${error.message}`));
    });
    socat.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`socat ended (exit code ${code}) before it opened the pseudo-terminals: ${stderr.trim()}`));
    });
    socat.stderr.setEncoding('utf8');
    socat.stderr.on('data', (text: string) => {
      stderr += text;
      const paths = [...stderr.matchAll(/PTY is (\S+)/g)].map((match) => match[1]!);
      if (paths.length < 2) return;
      clearTimeout(timer);
      socat.removeAllListeners('exit');
      socat.stderr.removeAllListeners('data');
      socat.stderr.resume();
      resolve({ devicePath: paths[0]!, hostPath: paths[1]!, close });
    });
  });
}
