/**
 * The byte streams a device link runs over: a child process's stdin and stdout, a TCP connection,
 * a serial port (the serialport package; a pseudo-terminal opens like a real port).
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { PassThrough } from 'node:stream';
import { SerialPort } from 'serialport';
import type { ByteTransport } from './link-client.js';

/** The last stderr text of a child kept for error messages, characters. */
const STDERR_TAIL_CHARS = 400;
/** 115,200 bit/s: the usual rate of a debug UART (a pseudo-terminal ignores it). */
export const DEFAULT_BAUD_RATE = 115_200;

/** A child process started by the shell; its stdin and stdout are the link, its stderr is kept for messages. */
export function stdioTransport(command: string): ByteTransport {
  const child = spawn(command, { shell: true, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let stderr = '';
  let exit: string | undefined;
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    stderr = (stderr + text).slice(-STDERR_TAIL_CHARS);
  });
  child.on('exit', (code, signal) => {
    exit = signal ? `signal ${signal}` : `exit code ${code}`;
  });
  // The link ends once the child has exited and closed its streams, so that the exit status is known by then.
  const input = new PassThrough();
  child.stdout.pipe(input, { end: false });
  child.on('close', () => input.end());
  child.on('error', (error) => {
    exit = `cannot start: ${error.message}`;
    input.end();
  });
  return {
    input,
    output: child.stdin,
    describe: `stdio:${command}`,
    closedReason: () => [exit ? `the device process ended with ${exit}` : undefined, stderr.trim() ? `its stderr: ${stderr.trim()}` : undefined].filter(Boolean).join('; ') || undefined,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return resolve();
        child.once('exit', () => resolve());
        child.stdin.end();
        // The shell and the device it started form one process group, ended together.
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          resolve();
        }
      }),
  };
}

export function tcpTransport(host: string, port: number): Promise<ByteTransport> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      socket.setNoDelay(true);
      resolve({
        input: socket,
        output: socket,
        describe: `tcp:${host}:${port}`,
        close: () => new Promise<void>((done) => (socket.destroyed ? done() : socket.end(() => done()))),
      });
    });
  });
}

export function serialTransport(path: string, baudRate = DEFAULT_BAUD_RATE): Promise<ByteTransport> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate, autoOpen: false });
    port.open((error) => {
      if (error) return reject(new Error(`cannot open serial port ${path}: ${error.message}`));
      resolve({
        input: port,
        output: port,
        describe: `serial:${path}`,
        close: () => new Promise<void>((done) => (port.isOpen ? port.close(() => done()) : done())),
      });
    });
  });
}
