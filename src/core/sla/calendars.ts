import type { Selectable } from 'kysely';
import type { Core } from '../context.ts';
import { newId, nowStored } from '../db/values.ts';
import { PorticoError } from '../errors.ts';
import type { Actor } from '../users/index.ts';
import { assertAdmin, assertStaff } from '../users/index.ts';
import { parseInput } from '../validation.ts';
import type { BusinessCalendar } from './business-time.ts';
import { requestSlaRecompute } from './recompute-job.ts';
import { calendarInputSchema } from './schemas.ts';
import type { CalendarInput } from './schemas.ts';
import type { SlaCalendarTable } from './sla.table.ts';

export interface SlaCalendar extends BusinessCalendar {
  id: string;
}

export function rowToCalendar(row: Selectable<SlaCalendarTable>): SlaCalendar {
  return {
    id: row.id,
    name: row.name,
    timeZone: row.time_zone,
    weeklyHours: JSON.parse(row.weekly_hours) as [number, number][][],
    holidays: JSON.parse(row.holidays) as string[],
  };
}

async function assertNameFree(core: Core, name: string, exceptId?: string): Promise<void> {
  const taken = await core.db.selectFrom('sla_calendars').select('id').where('name', '=', name).executeTakeFirst();
  if (taken && taken.id !== exceptId) {
    throw new PorticoError('conflict', 'A calendar with that name already exists.', {
      details: { fields: { name: 'Already in use.' } },
    });
  }
}

/** Every business calendar, by name (agents and admins). */
export async function listCalendars(core: Core, actor: Actor | null): Promise<SlaCalendar[]> {
  assertStaff(actor);
  const rows = await core.db.selectFrom('sla_calendars').selectAll().orderBy('name').execute();
  return rows.map(rowToCalendar);
}

export async function getCalendar(core: Core, actor: Actor | null, id: string): Promise<SlaCalendar | undefined> {
  assertStaff(actor);
  const row = await core.db.selectFrom('sla_calendars').selectAll().where('id', '=', id).executeTakeFirst();
  return row && rowToCalendar(row);
}

/** Creates a business calendar (admins only). */
export async function createCalendar(core: Core, actor: Actor | null, input: CalendarInput): Promise<SlaCalendar> {
  assertAdmin(actor);
  const data = parseInput(calendarInputSchema, input);
  await assertNameFree(core, data.name);
  const now = nowStored();
  const row = {
    id: newId(),
    name: data.name,
    time_zone: data.timeZone,
    weekly_hours: JSON.stringify(data.weeklyHours),
    holidays: JSON.stringify(data.holidays),
    created_at: now,
    updated_at: now,
  };
  await core.db.insertInto('sla_calendars').values(row).execute();
  return rowToCalendar(row);
}

/** Replaces a calendar's settings (admins only); tickets' due times are recomputed in the background. */
export async function updateCalendar(
  core: Core,
  actor: Actor | null,
  id: string,
  input: CalendarInput,
): Promise<SlaCalendar> {
  assertAdmin(actor);
  const data = parseInput(calendarInputSchema, input);
  await assertNameFree(core, data.name, id);
  const row = await core.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('sla_calendars')
      .set({
        name: data.name,
        time_zone: data.timeZone,
        weekly_hours: JSON.stringify(data.weeklyHours),
        holidays: JSON.stringify(data.holidays),
        updated_at: nowStored(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (updated) await requestSlaRecompute(trx);
    return updated;
  });
  if (!row) throw new PorticoError('not_found', 'No such calendar.');
  return rowToCalendar(row);
}

/** Deletes a calendar no policy uses (admins only). */
export async function deleteCalendar(core: Core, actor: Actor | null, id: string): Promise<void> {
  assertAdmin(actor);
  const user = await core.db.selectFrom('sla_policies').select('name').where('calendar_id', '=', id).executeTakeFirst();
  if (user) {
    throw new PorticoError('conflict', `The policy "${user.name}" uses this calendar.`, {
      hint: 'Choose another calendar for that policy first.',
    });
  }
  const result = await core.db.deleteFrom('sla_calendars').where('id', '=', id).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new PorticoError('not_found', 'No such calendar.');
}
