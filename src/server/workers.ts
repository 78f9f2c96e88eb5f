import cluster from 'node:cluster';
import type { Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import type { Config } from '../core/config.ts';
import { serveBuiltSite } from './http-server.ts';

const workerScript = fileURLToPath(new URL('./worker.ts', import.meta.url));

/**
 * Serves the site from `config.workers` processes sharing the port, so a box's cores all answer
 * requests (one Node process uses one). Each worker is a full instance of the portal, as several
 * servers on one database are: sessions, limits and plugin state live in the database, and events
 * and jobs are claimed once. A worker that dies is replaced; stopping this process stops them all.
 */
export async function serveFromWorkers(entryUrl: string, config: Config): Promise<void> {
  if (config.workers <= 1) {
    await serveBuiltSite(entryUrl, config);
    return;
  }
  cluster.setupPrimary({ exec: workerScript, args: [entryUrl], silent: false });
  let stopping = false;
  const start = (): Promise<Worker> =>
    new Promise((resolve, reject) => {
      const worker = cluster.fork();
      worker.once('listening', () => resolve(worker));
      worker.once('exit', (code) => reject(new Error(`a worker exited before listening (exit code ${code})`)));
    });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    console.warn(`worker ${worker.process.pid} stopped (${signal ?? `exit code ${code}`}); starting another`);
    start().catch((error: unknown) => console.error(`could not replace the worker: ${String(error)}`));
  });
  const stopWorkers = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };
  const stop = () => {
    stopWorkers();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  try {
    await Promise.all(Array.from({ length: config.workers }, start));
  } catch (error) {
    stopWorkers();
    throw error;
  }
}
