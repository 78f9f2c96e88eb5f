import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectDatabase, migrateToLatest } from '../core/db/index.ts';
import type { Db } from '../core/db/index.ts';

/**
 * In-memory SQLite; or, when TEST_DATABASE_URL is set (as CI does for its PostgreSQL run), a schema of
 * its own on that server, dropped by `drop`.
 */
export async function testDatabase(): Promise<{ db: Db; drop(): Promise<void> }> {
  const url = process.env['TEST_DATABASE_URL'];
  if (!url) {
    const db = connectDatabase({ dialect: 'sqlite', file: ':memory:' });
    await migrateToLatest(db);
    return { db, drop: async () => {} };
  }
  const schema = `plugin_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const separator = url.includes('?') ? '&' : '?';
  const db = connectDatabase({
    dialect: 'postgres',
    url: `${url}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
  });
  await migrateToLatest(db, { schema });
  return {
    db,
    async drop() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema ${schema} cascade`);
      await client.end();
    },
  };
}

/** A message the outbox mailer wrote, as `{ to, subject, text }` with its body decoded. */
export function parseEml(source: string): { to: string; subject: string; text: string } {
  const [head = '', ...body] = source.split(/\r?\n\r?\n/);
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(head)?.[1]?.trim() ?? '';
  const raw = body.join('\n\n');
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const text =
    encoding === 'quoted-printable'
      ? Buffer.from(
          raw
            .replace(/=\r?\n/g, '')
            .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
          'latin1',
        ).toString('utf8')
      : encoding === 'base64'
        ? Buffer.from(raw, 'base64').toString('utf8')
        : raw;
  return { to: header('To'), subject: header('Subject'), text };
}
