import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';

export interface SupervisedChild {
  /** The last 4,000 characters the server wrote, for error messages. */
  output(): string;
  /** Ends the server (SIGTERM, then SIGKILL after 5 s) and removes its folder. */
  stop(): Promise<void>;
}

export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Keeps a test server's output and ties its life to the test process: if the tests end without
 * stop() (a crash, a killed run), the server and its folder go along.
 */
export function superviseChild(child: ChildProcess, folder: string): SupervisedChild {
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const killOnExit = () => {
    child.kill('SIGKILL');
    fs.rmSync(folder, { recursive: true, force: true });
  };
  process.once('exit', killOnExit);
  return {
    output: () => log,
    async stop() {
      process.off('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited(child);
        clearTimeout(timer);
      }
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}
