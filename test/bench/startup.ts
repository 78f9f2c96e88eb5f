/**
 * Start-up time, memory and request latency of `portico start` once built.
 * Run: node test/bench/startup.ts   (prints one `name: value unit` line per figure)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSite, staleBuildReason } from '../../src/cli/build.ts';
import { loadConfig } from '../../src/core/config.ts';
import { cliPath, freePort, projectRoot, runCli } from '../e2e/helpers/server.ts';

const requestsPerRoute = 300;

function report(name: string, value: number, unit: string): void {
  console.log(`${name}: ${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`);
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

function residentMegabytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

async function start(dataDir: string, port: number) {
  const began = performance.now();
  const child = spawn(process.execPath, [cliPath, 'start'], {
    cwd: projectRoot,
    env: { ...process.env, PORT: String(port), PORTICO_DATA_DIR: dataDir, PORTICO_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  return { child, ms: performance.now() - began, output };
}

async function latencies(url: string, headers: Record<string, string>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < requestsPerRoute; i++) {
    const began = performance.now();
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    times.push(performance.now() - began);
  }
  return times.sort((a, b) => a - b);
}

const config = loadConfig({});
if (staleBuildReason(config.publicUrl)) await buildSite();

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-bench-'));
const port = await freePort();
const cold = await start(dataDir, port);
report('start_cold_empty_data_dir_with_demo_seed', cold.ms, 'ms');
cold.child.kill('SIGTERM');
await new Promise((resolve) => cold.child.once('exit', resolve));

const warm = await start(dataDir, port);
report('start_existing_data_dir', warm.ms, 'ms');
report('rss_after_start', residentMegabytes(warm.child.pid!), 'MiB');

const created = await runCli(['token', 'create', '--email', 'admin@portico.example'], { PORTICO_DATA_DIR: dataDir });
const token = created.stdout.trim().split('\n').at(-1)!;
const base = `http://127.0.0.1:${port}`;
for (const [name, route, headers] of [
  ['home_page', '/', {}],
  ['login_page', '/login', {}],
  ['api_me_bearer', '/api/v1/me', { Authorization: `Bearer ${token}` }],
  ['healthz', '/healthz', {}],
] as const) {
  const times = await latencies(`${base}${route}`, headers);
  report(`${name}_p50`, percentile(times, 0.5), 'ms');
  report(`${name}_p95`, percentile(times, 0.95), 'ms');
}
report('rss_after_requests', residentMegabytes(warm.child.pid!), 'MiB');
warm.child.kill('SIGTERM');
await new Promise((resolve) => warm.child.once('exit', resolve));
fs.rmSync(dataDir, { recursive: true, force: true });
