import { parseArgs } from 'node:util';
import { createBackup, restoreBackup } from '../core/backup/index.ts';
import { loadConfig } from '../core/config.ts';
import { UsageError } from './output.ts';
import type { Command } from './run.ts';

const step = (text: string) => process.stderr.write(`${text}…\n`);

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** `portico backup --out FILE` */
export const backupCommand: Command = {
  options: { out: { type: 'string' } },
  async run(core, values) {
    const out = values['out'];
    if (typeof out !== 'string' || out === '')
      throw new UsageError('portico backup: say where to write it: --out FILE');
    const started = performance.now();
    const manifest = await createBackup(core, out, step);
    const rows = Object.values(manifest.tables).reduce((sum, n) => sum + n, 0);
    console.log(
      `backup written to ${out}: ${Object.keys(manifest.tables).length} tables, ${rows} rows, ` +
        `${manifest.files} files (${megabytes(manifest.bytes)}) in ${Math.round(performance.now() - started)} ms`,
    );
  },
};

/** `portico restore FILE [--force]`: into an empty data directory or database; the portal must be stopped. */
export async function restoreCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { force: { type: 'boolean' } },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new UsageError('portico restore: give the backup file: portico restore FILE');
  const started = performance.now();
  const outcome = await restoreBackup(loadConfig(), positionals[0]!, { force: values.force === true, progress: step });
  console.log(
    `restored the backup of ${outcome.manifest.createdAt}: ${outcome.tables} tables, ${outcome.rows} rows, ` +
      `${outcome.files} files in ${Math.round(performance.now() - started)} ms`,
  );
}
