import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Core } from '../context.ts';
import { nowStored } from '../db/values.ts';
import { assertAdmin } from '../users/index.ts';
import type { Actor } from '../users/index.ts';
import { parseInput } from '../validation.ts';
import { createBackup } from './backup.ts';

export const backupScheduleSchema = z.object({
  intervalHours: z.coerce
    .number({ error: 'Give a number of hours.' })
    .int('Give whole hours.')
    .min(0, 'Use 0 to turn scheduled backups off.')
    .max(24 * 31, 'At most once a month (744 hours).')
    .default(24),
  keep: z.coerce
    .number({ error: 'Give a number of backups.' })
    .int('Give a whole number.')
    .min(1, 'Keep at least one backup.')
    .max(365, 'Keep at most 365 backups.')
    .default(7),
});
export type BackupSchedule = z.infer<typeof backupScheduleSchema>;

const settingsKey = 'backup';

/** Where scheduled backups go: $PORTICO_DATA_DIR/backups. */
export function backupsDir(core: Core): string {
  return path.join(core.config.dataDir, 'backups');
}

/** The schedule: every `intervalHours` (0 = off), keeping the newest `keep` backups. */
export async function getBackupSchedule(core: Core): Promise<BackupSchedule> {
  const row = await core.db.selectFrom('settings').select('value').where('key', '=', settingsKey).executeTakeFirst();
  const parsed = backupScheduleSchema.safeParse(row ? JSON.parse(row.value) : {});
  return parsed.success ? parsed.data : backupScheduleSchema.parse({});
}

/** Changes the schedule (admins only). */
export async function setBackupSchedule(core: Core, actor: Actor | null, input: unknown): Promise<BackupSchedule> {
  assertAdmin(actor);
  const schedule = parseInput(backupScheduleSchema, input);
  const value = JSON.stringify(schedule);
  const updatedAt = nowStored();
  await core.db
    .insertInto('settings')
    .values({ key: settingsKey, value, updated_at: updatedAt })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: updatedAt }))
    .execute();
  return schedule;
}

export interface StoredBackup {
  name: string;
  bytes: number;
  createdAt: Date;
}

/** The scheduled backups on disk, newest first. */
export function listBackups(core: Core): StoredBackup[] {
  const dir = backupsDir(core);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => /^portico-.*\.tar\.gz$/.test(name))
    .map((name) => {
      const stat = fs.statSync(path.join(dir, name));
      return { name, bytes: stat.size, createdAt: stat.mtime };
    })
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

/**
 * Makes a backup when the newest is older than the interval, then deletes all but the newest `keep`.
 * Called every minute; returns the new backup's name, or null when none was due. With several instances
 * on one database, each writes to its own data directory, so run scheduled backups on one of them (or
 * use the database's own backups for PostgreSQL; see docs/deploy.md).
 */
export async function runScheduledBackup(core: Core, now = new Date()): Promise<string | null> {
  const schedule = await getBackupSchedule(core);
  if (schedule.intervalHours === 0) return null;
  const newest = listBackups(core)[0];
  if (newest && now.getTime() - newest.createdAt.getTime() < schedule.intervalHours * 3_600_000) return null;
  fs.mkdirSync(backupsDir(core), { recursive: true, mode: 0o700 });
  const name = `portico-${now.toISOString().replace(/[:.]/g, '-')}.tar.gz`;
  await createBackup(core, path.join(backupsDir(core), name));
  for (const old of listBackups(core).slice(schedule.keep)) fs.rmSync(path.join(backupsDir(core), old.name));
  core.log.info({ backup: name }, 'scheduled backup written');
  return name;
}
