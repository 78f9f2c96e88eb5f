/** Creating, changing, ending and deleting announcements, and the job that purges old ones. */
import type { PortalUser } from 'portico/plugin-api';
import { AnnouncementError, DAY_MS, RETENTION_DAYS, notFound } from './model.ts';
import type { Announcement, AnnouncementInput, Ctx } from './model.ts';
import { assertCanManage, findAnnouncement } from './queries.ts';
import { statusOf } from './times.ts';
import { validateAnnouncement } from './validation.ts';

export async function createAnnouncement(
  ctx: Ctx,
  user: PortalUser | null,
  input: AnnouncementInput,
  now: Date = new Date(),
): Promise<Announcement> {
  const author = await assertCanManage(ctx, user);
  const valid = validateAnnouncement(input);
  const stamp = now.toISOString();
  const row: Announcement = {
    id: crypto.randomUUID(),
    ...valid,
    created_by: author.id,
    created_at: stamp,
    updated_at: stamp,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('plugin_announcements_items').values(row).execute();
  });
  ctx.log.info({ announcementId: row.id, kind: row.kind }, 'announcement created');
  return row;
}

export async function updateAnnouncement(
  ctx: Ctx,
  user: PortalUser | null,
  id: string,
  input: AnnouncementInput,
  now: Date = new Date(),
): Promise<Announcement> {
  await assertCanManage(ctx, user);
  const valid = validateAnnouncement(input);
  const updated = await ctx.db.transaction().execute(async (trx) => {
    const existing = await findAnnouncement(trx, id);
    if (!existing) return undefined;
    const next: Announcement = { ...existing, ...valid, updated_at: now.toISOString() };
    await trx
      .updateTable('plugin_announcements_items')
      .set({ ...valid, updated_at: next.updated_at })
      .where('id', '=', id)
      .execute();
    return next;
  });
  if (!updated) throw notFound();
  return updated;
}

/** Ends a current announcement now. An upcoming one cannot be ended: delete it instead. */
export async function endAnnouncement(
  ctx: Ctx,
  user: PortalUser | null,
  id: string,
  now: Date = new Date(),
): Promise<Announcement> {
  await assertCanManage(ctx, user);
  const stamp = now.toISOString();
  const result = await ctx.db.transaction().execute(async (trx) => {
    const existing = await findAnnouncement(trx, id);
    if (!existing) return { error: 'not_found' as const };
    const status = statusOf(existing, now);
    if (status === 'upcoming') return { error: 'upcoming' as const };
    if (status === 'past') return { row: existing };
    await trx
      .updateTable('plugin_announcements_items')
      .set({ ends_at: stamp, updated_at: stamp })
      .where('id', '=', id)
      .execute();
    return { row: { ...existing, ends_at: stamp, updated_at: stamp } };
  });
  if ('error' in result) {
    if (result.error === 'not_found') throw notFound();
    throw new AnnouncementError('conflict', 'It has not started yet, so it cannot be ended. Delete it instead.');
  }
  return result.row;
}

export async function deleteAnnouncement(ctx: Ctx, user: PortalUser | null, id: string): Promise<void> {
  await assertCanManage(ctx, user);
  const result = await ctx.db
    .transaction()
    .execute(async (trx) => trx.deleteFrom('plugin_announcements_items').where('id', '=', id).executeTakeFirst());
  if (Number(result.numDeletedRows) === 0) {
    throw notFound();
  }
}

/**
 * The `expire` job: deletes announcements that ended more than `RETENTION_DAYS` days before `now`.
 * Announcements stop showing by their time window alone; this only keeps the table small.
 * Idempotent: running it twice for the same slot deletes nothing more. Returns how many it deleted.
 */
export async function purgeEnded(ctx: Ctx, now: Date = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - RETENTION_DAYS * DAY_MS).toISOString();
  const result = await ctx.db
    .transaction()
    .execute(async (trx) =>
      trx
        .deleteFrom('plugin_announcements_items')
        .where('ends_at', 'is not', null)
        .where('ends_at', '<', cutoff)
        .executeTakeFirst(),
    );
  const deleted = Number(result.numDeletedRows);
  if (deleted > 0) ctx.log.info({ deleted, cutoff }, 'deleted announcements that ended long ago');
  return deleted;
}
