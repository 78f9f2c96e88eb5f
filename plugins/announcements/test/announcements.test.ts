import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore } from 'portico/plugin-api/testing';
import type { TestCore } from 'portico/plugin-api/testing';
import type { PluginContext, PortalUser } from 'portico/plugin-api';
import announcements from '../index.ts';
import {
  AnnouncementError,
  createAnnouncement,
  deleteAnnouncement,
  describeWindow,
  doneMessage,
  endAnnouncement,
  inputFromAnnouncement,
  inputFromForm,
  isInAudience,
  statusFor,
  homeAnnouncements,
  listForManagement,
  parseUtcDateTime,
  purgeEnded,
  toDateTimeLocal,
  updateAnnouncement,
  validateAnnouncement,
} from '../announcements.ts';
import type { AnnouncementInput } from '../announcements.ts';

const NOW = new Date('2026-11-24T12:00:00.000Z');
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** A `datetime-local` value (UTC) this many hours from NOW. */
function at(hours: number): string {
  return new Date(NOW.getTime() + hours * HOUR).toISOString().slice(0, 16);
}

function input(overrides: AnnouncementInput = {}): AnnouncementInput {
  return {
    title: 'Email is down',
    body: 'We are on it.',
    kind: 'incident',
    audience: 'everyone',
    starts_at: at(-1),
    ends_at: at(6),
    ...overrides,
  };
}

async function fieldErrors(fn: () => unknown): Promise<Record<string, string>> {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AnnouncementError);
    expect((error as AnnouncementError).code).toBe('invalid_input');
    return (error as AnnouncementError).fields;
  }
  throw new Error('expected a validation error');
}

describe('validation', () => {
  it('accepts a complete announcement and reads datetime-local values as UTC', () => {
    const valid = validateAnnouncement(input({ title: '  Email is down  ', body: 'Line 1\r\nLine 2' }));
    expect(valid).toEqual({
      title: 'Email is down',
      body: 'Line 1\nLine 2',
      kind: 'incident',
      audience: 'everyone',
      starts_at: '2026-11-24T11:00:00.000Z',
      ends_at: '2026-11-24T18:00:00.000Z',
    });
  });

  it('allows no end and an empty body', () => {
    const valid = validateAnnouncement(input({ ends_at: '', body: '' }));
    expect(valid.ends_at).toBeNull();
    expect(valid.body).toBe('');
  });

  it('explains each problem next to its field', async () => {
    const fields = await fieldErrors(() =>
      validateAnnouncement({ title: '   ', body: 'x'.repeat(2001), kind: 'outage', audience: 'robots' }),
    );
    expect(fields).toEqual({
      title: 'Give the announcement a title.',
      body: 'Keep the text to 2,000 characters or fewer (it has 2,001).',
      kind: 'Choose a kind: incident, maintenance or information.',
      audience: 'Choose who sees the announcement.',
      starts_at: 'Give the date and time it starts.',
    });
  });

  it('limits the title to 120 characters', async () => {
    expect(validateAnnouncement(input({ title: 'x'.repeat(120) })).title).toHaveLength(120);
    const fields = await fieldErrors(() => validateAnnouncement(input({ title: 'x'.repeat(121) })));
    expect(fields).toEqual({ title: 'Keep the title to 120 characters or fewer (it has 121).' });
  });

  it('accepts 2000 characters of body', () => {
    expect(validateAnnouncement(input({ body: 'x'.repeat(2000) })).body).toHaveLength(2000);
  });

  it('wants the end after the start', async () => {
    expect(await fieldErrors(() => validateAnnouncement(input({ starts_at: at(2), ends_at: at(2) })))).toEqual({
      ends_at: 'The end must be after the start.',
    });
    expect(await fieldErrors(() => validateAnnouncement(input({ starts_at: at(2), ends_at: at(1) })))).toEqual({
      ends_at: 'The end must be after the start.',
    });
  });

  it('refuses dates that are not dates', async () => {
    const fields = await fieldErrors(() =>
      validateAnnouncement(input({ starts_at: '2026-02-31T10:00', ends_at: 'tomorrow' })),
    );
    expect(fields).toEqual({
      starts_at: 'Give the start as a date and time in UTC, such as 2026-11-24T18:00.',
      ends_at: 'Give the end as a date and time in UTC, such as 2026-11-24T20:00, or leave it empty.',
    });
  });

  it('round-trips datetime-local values', () => {
    expect(parseUtcDateTime('2026-11-24T18:00')?.toISOString()).toBe('2026-11-24T18:00:00.000Z');
    expect(parseUtcDateTime('2026-11-24T24:00')).toBeNull();
    expect(toDateTimeLocal('2026-11-24T18:00:00.000Z')).toBe('2026-11-24T18:00');
    expect(toDateTimeLocal(null)).toBe('');
  });

  it('describes the window in UTC', () => {
    expect(describeWindow({ starts_at: at(-1), ends_at: '2026-11-24T18:00:00.000Z' }, NOW)).toBe(
      'Until 24 Nov 2026, 18:00 UTC',
    );
    expect(describeWindow({ starts_at: '2026-11-20T09:05:00.000Z', ends_at: null }, NOW)).toBe(
      'Since 20 Nov 2026, 09:05 UTC, until further notice',
    );
    expect(describeWindow({ starts_at: '2026-11-26T22:00:00.000Z', ends_at: '2026-11-27T02:00:00.000Z' }, NOW)).toBe(
      'From 26 Nov 2026, 22:00 UTC until 27 Nov 2026, 02:00 UTC',
    );
  });
});

describe('page helpers', () => {
  it('reads a posted form and refills the form from a saved announcement', () => {
    expect(inputFromForm(null)).toEqual({ title: '', body: '', kind: '', audience: '', starts_at: '', ends_at: '' });
    expect(inputFromForm({ title: 'T', kind: 'info', extra: 'ignored' })).toMatchObject({ title: 'T', kind: 'info' });
    const saved = validateAnnouncement(input());
    expect(inputFromAnnouncement({ ...saved, id: 'x', created_by: 'u', created_at: '', updated_at: '' })).toEqual(
      input(),
    );
  });

  it('answers problems with the right status and confirms what was done', () => {
    expect(statusFor(new AnnouncementError('invalid_input', 'x'))).toBe(422);
    expect(statusFor(new AnnouncementError('not_found', 'x'))).toBe(404);
    expect(statusFor(new AnnouncementError('conflict', 'x'))).toBe(409);
    expect(doneMessage('created')).toBe('Announcement created.');
    expect(doneMessage('<script>')).toBeNull();
    expect(doneMessage(null)).toBeNull();
  });

  it('keeps staff-only announcements from customers and visitors', () => {
    const user = (role: 'customer' | 'agent' | 'admin') => ({
      id: role,
      name: role,
      email: `${role}@example.test`,
      role,
      organisationId: null,
      active: true,
    });
    expect(isInAudience('staff', null)).toBe(false);
    expect(isInAudience('staff', user('customer'))).toBe(false);
    expect(isInAudience('staff', user('agent'))).toBe(true);
    expect(isInAudience('staff', user('admin'))).toBe(true);
    expect(isInAudience('signed-in', null)).toBe(false);
    expect(isInAudience('signed-in', user('customer'))).toBe(true);
    expect(isInAudience('everyone', null)).toBe(true);
  });
});

describe('with a core', () => {
  let test: TestCore;
  let ctx: PluginContext;
  let agent: PortalUser;
  let admin: PortalUser;
  let customer: PortalUser;

  beforeEach(async () => {
    test = await createTestCore([announcements]);
    ctx = await test.context('announcements');
    agent = await test.user('agent', 'Ada Agent');
    admin = await test.user('admin', 'Ann Admin');
    customer = await test.user('customer', 'Carl Customer');
  });
  afterEach(() => test.close());

  const titles = (list: { title: string }[]) => list.map((a) => a.title);

  describe('permissions', () => {
    it('lets agents and admins manage, and nobody else', async () => {
      await expect(createAnnouncement(ctx, agent, input(), NOW)).resolves.toMatchObject({ created_by: agent.id });
      await expect(createAnnouncement(ctx, admin, input(), NOW)).resolves.toMatchObject({ created_by: admin.id });
      for (const who of [customer, null]) {
        await expect(createAnnouncement(ctx, who, input(), NOW)).rejects.toMatchObject({ code: 'forbidden' });
        await expect(listForManagement(ctx, who, NOW)).rejects.toMatchObject({ code: 'forbidden' });
      }
      const [first] = (await listForManagement(ctx, agent, NOW)).current;
      await expect(updateAnnouncement(ctx, customer, first!.id, input(), NOW)).rejects.toMatchObject({
        code: 'forbidden',
      });
      await expect(endAnnouncement(ctx, customer, first!.id, NOW)).rejects.toMatchObject({ code: 'forbidden' });
      await expect(deleteAnnouncement(ctx, customer, first!.id)).rejects.toMatchObject({ code: 'forbidden' });
    });

    it('grants announcements.manage to agents by default', async () => {
      expect(await ctx.can(agent, 'announcements.manage')).toBe(true);
      expect(await ctx.can(admin, 'announcements.manage')).toBe(true);
      expect(await ctx.can(customer, 'announcements.manage')).toBe(false);
      expect(await ctx.can(null, 'announcements.manage')).toBe(false);
      expect(announcements.nav).toEqual([
        { area: 'desk', label: 'Announcements', path: '', role: 'agent', permission: 'announcements.manage' },
      ]);
    });

    it('checks permission before validating', async () => {
      await expect(createAnnouncement(ctx, customer, { title: '' }, NOW)).rejects.toMatchObject({
        code: 'forbidden',
      });
    });
  });

  describe('the portal home', () => {
    it('shows each audience only what is meant for it', async () => {
      await createAnnouncement(ctx, agent, input({ title: 'For everyone', audience: 'everyone' }), NOW);
      await createAnnouncement(ctx, agent, input({ title: 'For signed-in', audience: 'signed-in' }), NOW);
      await createAnnouncement(ctx, agent, input({ title: 'For staff', audience: 'staff' }), NOW);

      const forAnonymous = await homeAnnouncements(ctx, null, NOW);
      const forCustomer = await homeAnnouncements(ctx, customer, NOW);
      const forAgent = await homeAnnouncements(ctx, agent, NOW);
      const forAdmin = await homeAnnouncements(ctx, admin, NOW);
      expect(titles(forAnonymous.active)).toEqual(['For everyone']);
      expect(titles(forCustomer.active).sort()).toEqual(['For everyone', 'For signed-in']);
      expect(titles(forAgent.active).sort()).toEqual(['For everyone', 'For signed-in', 'For staff']);
      expect(titles(forAdmin.active).sort()).toEqual(['For everyone', 'For signed-in', 'For staff']);
    });

    it('puts incidents first, then maintenance, then information, newest first within a kind', async () => {
      const ctx5 = { ...ctx, settings: { maxShown: 5, showUpcomingDays: 7 } };
      await createAnnouncement(ctx, agent, input({ title: 'Info', kind: 'info', starts_at: at(-1) }), NOW);
      await createAnnouncement(ctx, agent, input({ title: 'Maint', kind: 'maintenance', starts_at: at(-3) }), NOW);
      await createAnnouncement(ctx, agent, input({ title: 'Old incident', kind: 'incident', starts_at: at(-5) }), NOW);
      await createAnnouncement(ctx, agent, input({ title: 'New incident', kind: 'incident', starts_at: at(-2) }), NOW);
      const home = await homeAnnouncements(ctx5, null, NOW);
      expect(titles(home.active)).toEqual(['New incident', 'Old incident', 'Maint', 'Info']);
    });

    it('shows at most maxShown (3 by default) and counts the rest', async () => {
      for (const n of [1, 2, 3, 4]) {
        await createAnnouncement(ctx, agent, input({ title: `Info ${n}`, kind: 'info', starts_at: at(-n) }), NOW);
      }
      const home = await homeAnnouncements(ctx, null, NOW);
      expect(titles(home.active)).toEqual(['Info 1', 'Info 2', 'Info 3']);
      expect(home.moreActive).toBe(1);
      const one = await homeAnnouncements({ ...ctx, settings: { maxShown: 1 } }, null, NOW);
      expect(titles(one.active)).toEqual(['Info 1']);
      expect(one.moreActive).toBe(3);
    });

    it('shows only what is on now: not before the start, not from the end', async () => {
      await createAnnouncement(
        ctx,
        agent,
        input({ title: 'Later', kind: 'info', starts_at: at(1), ends_at: at(2) }),
        NOW,
      );
      await createAnnouncement(ctx, agent, input({ title: 'Over', starts_at: at(-3), ends_at: at(-1) }), NOW);
      await createAnnouncement(ctx, agent, input({ title: 'Ends now', starts_at: at(-3), ends_at: at(0) }), NOW);
      await createAnnouncement(ctx, agent, input({ title: 'Open-ended', starts_at: at(-3), ends_at: '' }), NOW);
      await createAnnouncement(ctx, agent, input({ title: 'Starts now', starts_at: at(0), ends_at: at(1) }), NOW);
      const home = await homeAnnouncements(ctx, agent, NOW);
      expect(titles(home.active).sort()).toEqual(['Open-ended', 'Starts now']);
      expect(home.planned).toEqual([]);

      const later = await homeAnnouncements(ctx, agent, new Date(NOW.getTime() + 1.5 * HOUR));
      expect(titles(later.active)).toEqual(['Open-ended', 'Later']);
    });

    it('lists maintenance within the next 7 days as planned, soonest first', async () => {
      const m = (title: string, inHours: number, extra: AnnouncementInput = {}) =>
        createAnnouncement(
          ctx,
          agent,
          input({ title, kind: 'maintenance', starts_at: at(inHours), ends_at: at(inHours + 2), ...extra }),
          NOW,
        );
      await m('In 3 days', 72);
      await m('Tomorrow', 24);
      await m('In 8 days', 8 * 24);
      await m('Staff only', 24, { audience: 'staff' });
      await m('Incident later', 24, { kind: 'incident' });
      await m('Info later', 24, { kind: 'info' });

      const forCustomer = await homeAnnouncements(ctx, customer, NOW);
      expect(forCustomer.active).toEqual([]);
      expect(titles(forCustomer.planned)).toEqual(['Tomorrow', 'In 3 days']);
      expect(titles((await homeAnnouncements(ctx, agent, NOW)).planned)).toEqual([
        'Tomorrow',
        'Staff only',
        'In 3 days',
      ]);

      const twoDays = await homeAnnouncements({ ...ctx, settings: { showUpcomingDays: 2 } }, customer, NOW);
      expect(titles(twoDays.planned)).toEqual(['Tomorrow']);
      const none = await homeAnnouncements({ ...ctx, settings: { showUpcomingDays: 0 } }, customer, NOW);
      expect(none.planned).toEqual([]);
    });
  });

  describe('management', () => {
    it('lists current, upcoming and past', async () => {
      await createAnnouncement(ctx, agent, input({ title: 'Now' }), NOW);
      await createAnnouncement(ctx, agent, input({ title: 'Soon', starts_at: at(48), ends_at: at(50) }), NOW);
      await createAnnouncement(ctx, agent, input({ title: 'Done', starts_at: at(-48), ends_at: at(-47) }), NOW);
      const list = await listForManagement(ctx, agent, NOW);
      expect(titles(list.current)).toEqual(['Now']);
      expect(titles(list.upcoming)).toEqual(['Soon']);
      expect(titles(list.past)).toEqual(['Done']);
    });

    it('edits, validates edits and keeps who created it', async () => {
      const created = await createAnnouncement(ctx, agent, input(), NOW);
      const later = new Date(NOW.getTime() + HOUR);
      const edited = await updateAnnouncement(ctx, admin, created.id, input({ title: 'Email is back' }), later);
      expect(edited).toMatchObject({
        title: 'Email is back',
        created_by: agent.id,
        created_at: NOW.toISOString(),
        updated_at: later.toISOString(),
      });
      await expect(updateAnnouncement(ctx, agent, created.id, input({ title: '' }), NOW)).rejects.toMatchObject({
        code: 'invalid_input',
        fields: { title: 'Give the announcement a title.' },
      });
      await expect(updateAnnouncement(ctx, agent, 'missing', input(), NOW)).rejects.toMatchObject({
        code: 'not_found',
      });
    });

    it('ends a current announcement now, and refuses to end one that has not started', async () => {
      const current = await createAnnouncement(ctx, agent, input({ ends_at: '' }), NOW);
      const ended = await endAnnouncement(ctx, agent, current.id, NOW);
      expect(ended.ends_at).toBe(NOW.toISOString());
      expect((await homeAnnouncements(ctx, agent, NOW)).active).toEqual([]);
      expect(titles((await listForManagement(ctx, agent, NOW)).past)).toEqual(['Email is down']);

      const soon = await createAnnouncement(ctx, agent, input({ starts_at: at(5), ends_at: at(6) }), NOW);
      await expect(endAnnouncement(ctx, agent, soon.id, NOW)).rejects.toMatchObject({ code: 'conflict' });
    });

    it('deletes', async () => {
      const created = await createAnnouncement(ctx, agent, input(), NOW);
      await deleteAnnouncement(ctx, agent, created.id);
      expect((await listForManagement(ctx, agent, NOW)).current).toEqual([]);
      await expect(deleteAnnouncement(ctx, agent, created.id)).rejects.toMatchObject({ code: 'not_found' });
    });
  });

  describe('the expire job', () => {
    it('deletes announcements that ended more than 90 days ago, and is idempotent', async () => {
      await createAnnouncement(ctx, agent, input({ title: 'Current', ends_at: '' }), NOW);
      const edge = new Date(NOW.getTime() - 90 * DAY).toISOString().slice(0, 16);
      await createAnnouncement(
        ctx,
        agent,
        input({ title: 'Exactly 90 days', starts_at: at(-100 * 24), ends_at: edge }),
      );
      await createAnnouncement(
        ctx,
        agent,
        input({ title: 'Ancient', starts_at: at(-100 * 24), ends_at: at(-91 * 24) }),
      );
      await createAnnouncement(ctx, agent, input({ title: 'Recent', starts_at: at(-48), ends_at: at(-24) }), NOW);

      expect(await purgeEnded(ctx, NOW)).toBe(1);
      expect(await purgeEnded(ctx, NOW)).toBe(0);
      const list = await listForManagement(ctx, agent, NOW);
      expect(titles(list.past).sort()).toEqual(['Exactly 90 days', 'Recent']);
      expect(titles(list.current)).toEqual(['Current']);
    });

    it('is scheduled every 15 minutes and runs through the job', async () => {
      expect(announcements.jobs?.['expire']?.every).toBe('15m');
      const now = NOW;
      const longAgo = (days: number) => new Date(now.getTime() - days * DAY).toISOString().slice(0, 16);
      await createAnnouncement(ctx, agent, input({ title: 'Ancient', starts_at: longAgo(120), ends_at: longAgo(100) }));
      await createAnnouncement(ctx, agent, input({ title: 'Recent', starts_at: longAgo(20), ends_at: longAgo(10) }));

      // test.context() is typed with untyped settings; the job expects the plugin's own settings type.
      const expire = announcements.jobs!['expire']!;
      await expire.run(ctx as Parameters<typeof expire.run>[0], now);
      expect(titles((await listForManagement(ctx, agent, now)).past)).toEqual(['Recent']);
    });
  });
});
