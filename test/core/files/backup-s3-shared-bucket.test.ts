import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createBackup, restoreBackup } from '../../../src/core/backup/index.ts';
import { createRequestType } from '../../../src/core/catalog/index.ts';
import { loadConfig } from '../../../src/core/config.ts';
import type { Config } from '../../../src/core/config.ts';
import { createCore } from '../../../src/core/context.ts';
import type { Core } from '../../../src/core/context.ts';
import { connectDatabase, migrateToLatest } from '../../../src/core/db/index.ts';
import { createTicket, getTicket, openAttachment, replyToTicket } from '../../../src/core/tickets/index.ts';
import type { Upload } from '../../../src/core/tickets/index.ts';
import type { User } from '../../../src/core/users/index.ts';
import { systemActor } from '../../../src/core/users/index.ts';
import { useS3Portals } from './s3-portals.ts';
import { addUser } from '../support.ts';

const portals = useS3Portals('portico-shared-bucket-');

const configOf = (name: string, filesUrl: string) =>
  loadConfig({
    PORTICO_DATA_DIR: path.join(portals.root, name),
    PORTICO_LOG_LEVEL: 'silent',
    PORTICO_FILES_URL: filesUrl,
  });

/** A portal on a data directory's SQLite file, as backups are taken and restored; migrated when new. */
async function open(config: Config): Promise<Core> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const db = connectDatabase({ dialect: 'sqlite', file: path.join(config.dataDir, 'portico.db') });
  const core = createCore(config, { db, log: pino({ level: 'silent' }) });
  portals.keep(core);
  await migrateToLatest(core.db);
  return core;
}

/** A ticket by casey with two files, and a third on the agent's internal note. */
async function ticketWithFiles(core: Core, tag: string): Promise<{ agent: User; number: number; files: Upload[] }> {
  const agent = await addUser(core, { email: 'avery@portico.example', role: 'agent' });
  const casey = await addUser(core, { email: 'casey@northwind.example' });
  const type = await createRequestType(core, systemActor, { name: 'Ask a question', kind: 'service_request' });
  const files = [
    { name: `${tag}-shot.png`, data: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), randomBytes(2_000)]) },
    { name: `${tag}-notes.txt`, data: Buffer.from(`${tag}: tray 2 jams\n`) },
    { name: `${tag}-trace.log`, data: randomBytes(50_000) },
  ];
  const { number } = await createTicket(
    core,
    casey,
    { requestTypeId: type.id, subject: 'Printer', description: 'It jams.' },
    { attachments: files.slice(0, 2) },
  );
  await replyToTicket(core, agent, number, { body: 'trace', internal: true }, files.slice(2));
  return { agent, number, files };
}

/** Every attachment of a ticket as the agent downloads it, by file name; null when its file is gone. */
async function downloads(core: Core, agent: User, number: number): Promise<Record<string, string | null>> {
  const found: Record<string, string | null> = {};
  for (const attachment of (await getTicket(core, agent, number))!.attachments) {
    const file = await (await openAttachment(core, agent, number, attachment.id))!.open();
    found[attachment.fileName] = file ? Buffer.from(await new Response(file.body).arrayBuffer()).toString('hex') : null;
  }
  return found;
}

const byName = (files: Upload[]) =>
  Object.fromEntries(files.map((file) => [file.name, Buffer.from(file.data).toString('hex')]));

async function storageNames(core: Core): Promise<string[]> {
  const rows = await core.db.selectFrom('ticket_attachments').select('storage_name').execute();
  return rows.map((row) => row.storage_name);
}

describe('restoreBackup into a bucket that already holds objects', () => {
  it("adds the backup's objects beside the others: every restored attachment downloads, and so do the other portal's", async () => {
    const live = await open(configOf('live', await portals.newBucket()));
    const { agent, number, files } = await ticketWithFiles(live, 'live');
    const file = path.join(portals.root, 'backup.tar.gz');
    await createBackup(live, file);

    // The bucket restored into already holds another portal's files, under random keys of its own.
    const shared = await portals.newBucket();
    const other = await open(configOf('other', shared));
    const theirs = await ticketWithFiles(other, 'other');
    // An old object under one of the backup's keys must give way to the backup's bytes, or the restored
    // portal would serve it.
    const [replaced] = await storageNames(live);
    await other.files.put(`attachments/${replaced}`, Buffer.from('stale bytes'));

    await restoreBackup(configOf('restored', shared), file);
    const restored = await open(configOf('restored', shared));

    // The agent's row came back with the database, so the same account signs the downloads.
    expect(await downloads(restored, agent, number)).toEqual(byName(files));
    expect(await downloads(other, theirs.agent, theirs.number)).toEqual(byName(theirs.files));
    // Merged: the backup's objects added, nothing of the other portal's removed, nothing else written.
    const keys: string[] = [];
    for await (const key of restored.files.list('attachments/')) keys.push(key);
    const expectedNames = [...(await storageNames(restored)), ...(await storageNames(other))];
    expect(keys.toSorted()).toEqual(expectedNames.map((name) => `attachments/${name}`).toSorted());
  }, 60_000);
});
