/**
 * Backups: one .tar.gz with the database (SQLite online snapshot or pg_dump), uploaded files, kept mail
 * and the secret key; restore into an empty portal; scheduled backups with retention.
 * @example
 * await createBackup(core, '/var/backups/portico.tar.gz');
 * await restoreBackup(loadConfig({ PORTICO_DATA_DIR: '/srv/new' }), '/var/backups/portico.tar.gz');
 */
export { createBackup, restoreBackup } from './backup.ts';
export type { Progress, RestoreOutcome } from './backup.ts';
export type { BackupManifest } from './archive.ts';
export {
  backupScheduleSchema,
  backupsDir,
  getBackupSchedule,
  listBackups,
  runScheduledBackup,
  setBackupSchedule,
} from './schedule.ts';
export type { BackupSchedule, StoredBackup } from './schedule.ts';
