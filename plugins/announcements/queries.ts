/** Who may manage announcements, and reading them: for the management page and for the portal home. */
import type { PortalUser } from 'portico/plugin-api';
import { AnnouncementError, DAY_MS, KINDS, MANAGE, readSettings } from './model.ts';
import type { Announcement, Audience, Ctx, Kind } from './model.ts';
import { statusOf } from './times.ts';

export async function canManage(ctx: Ctx, user: PortalUser | null): Promise<boolean> {
  if (!user || !user.active) return false;
  return ctx.can(user, MANAGE);
}

export async function assertCanManage(ctx: Ctx, user: PortalUser | null): Promise<PortalUser> {
  if (!user || !(await canManage(ctx, user))) {
    throw new AnnouncementError('forbidden', 'You do not have permission to manage announcements.');
  }
  return user;
}

export async function getAnnouncement(ctx: Ctx, id: string): Promise<Announcement | undefined> {
  return findAnnouncement(ctx.db, id);
}

/** One announcement by id, through the plugin's database or a transaction on it. */
export async function findAnnouncement(db: Ctx['db'], id: string): Promise<Announcement | undefined> {
  return db.selectFrom('plugin_announcements_items').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface ManagementList {
  current: Announcement[];
  upcoming: Announcement[];
  past: Announcement[];
}

/** Everything, for the management page: current and upcoming soonest first, past most recent first. */
export async function listForManagement(
  ctx: Ctx,
  user: PortalUser | null,
  now: Date = new Date(),
): Promise<ManagementList> {
  await assertCanManage(ctx, user);
  const rows = await ctx.db.selectFrom('plugin_announcements_items').selectAll().execute();
  const list: ManagementList = { current: [], upcoming: [], past: [] };
  for (const row of rows) list[statusOf(row, now)].push(row);
  list.current.sort((a, b) => kindRank(a.kind) - kindRank(b.kind) || b.starts_at.localeCompare(a.starts_at));
  list.upcoming.sort((a, b) => a.starts_at.localeCompare(b.starts_at));
  list.past.sort((a, b) => (b.ends_at ?? '').localeCompare(a.ends_at ?? ''));
  return list;
}

/** Whether this viewer belongs to the announcement's audience. Anonymous visitors are `null`. */
export function isInAudience(audience: Audience, viewer: PortalUser | null): boolean {
  switch (audience) {
    case 'everyone':
      return true;
    case 'signed-in':
      return viewer !== null;
    case 'staff':
      return viewer !== null && (viewer.role === 'agent' || viewer.role === 'admin');
    default:
      return false;
  }
}

function kindRank(kind: Kind): number {
  const rank = KINDS.indexOf(kind);
  return rank === -1 ? KINDS.length : rank;
}

export interface HomeAnnouncements {
  /** On now, for this viewer: incidents, then maintenance, then information; newest first within a kind. */
  active: Announcement[];
  /** How many more were on now but left out by `maxShown`. */
  moreActive: number;
  /** Maintenance starting within `showUpcomingDays`, soonest first. */
  planned: Announcement[];
}

/** What the portal home shows this viewer now. */
export async function homeAnnouncements(
  ctx: Ctx,
  viewer: PortalUser | null,
  now: Date = new Date(),
): Promise<HomeAnnouncements> {
  const { maxShown, showUpcomingDays } = readSettings(ctx);
  const nowIso = now.toISOString();
  const horizonIso = new Date(now.getTime() + showUpcomingDays * DAY_MS).toISOString();

  const rows = await ctx.db
    .selectFrom('plugin_announcements_items')
    .selectAll()
    .where('starts_at', '<=', horizonIso)
    .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', nowIso)]))
    .execute();
  const visible = rows.filter((row) => isInAudience(row.audience, viewer));

  const active = visible
    .filter((row) => row.starts_at <= nowIso)
    .sort((a, b) => kindRank(a.kind) - kindRank(b.kind) || b.starts_at.localeCompare(a.starts_at));
  const planned =
    showUpcomingDays > 0
      ? visible
          .filter((row) => row.starts_at > nowIso && row.kind === 'maintenance')
          .sort((a, b) => a.starts_at.localeCompare(b.starts_at))
          .slice(0, maxShown)
      : [];
  return { active: active.slice(0, maxShown), moreActive: Math.max(0, active.length - maxShown), planned };
}
