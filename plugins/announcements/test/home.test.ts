import { describe, expect, it } from 'vitest';
import announcements from '../index.ts';
import {
  createAnnouncement,
  deleteAnnouncement,
  endAnnouncement,
  homeAnnouncements,
  listForManagement,
  updateAnnouncement,
} from '../announcements.ts';
import type { AnnouncementInput } from '../announcements.ts';
import { at, HOUR, input, NOW, titles, useCore } from './helpers.ts';

describe('with a core', () => {
  const w = useCore();

  describe('permissions', () => {
    it('lets agents and admins manage, and nobody else', async () => {
      await expect(createAnnouncement(w.ctx, w.agent, input(), NOW)).resolves.toMatchObject({ created_by: w.agent.id });
      await expect(createAnnouncement(w.ctx, w.admin, input(), NOW)).resolves.toMatchObject({ created_by: w.admin.id });
      for (const who of [w.customer, null]) {
        await expect(createAnnouncement(w.ctx, who, input(), NOW)).rejects.toMatchObject({ code: 'forbidden' });
        await expect(listForManagement(w.ctx, who, NOW)).rejects.toMatchObject({ code: 'forbidden' });
      }
      const [first] = (await listForManagement(w.ctx, w.agent, NOW)).current;
      await expect(updateAnnouncement(w.ctx, w.customer, first!.id, input(), NOW)).rejects.toMatchObject({
        code: 'forbidden',
      });
      await expect(endAnnouncement(w.ctx, w.customer, first!.id, NOW)).rejects.toMatchObject({ code: 'forbidden' });
      await expect(deleteAnnouncement(w.ctx, w.customer, first!.id)).rejects.toMatchObject({ code: 'forbidden' });
    });

    it('grants announcements.manage to agents by default', async () => {
      expect(await w.ctx.can(w.agent, 'announcements.manage')).toBe(true);
      expect(await w.ctx.can(w.admin, 'announcements.manage')).toBe(true);
      expect(await w.ctx.can(w.customer, 'announcements.manage')).toBe(false);
      expect(await w.ctx.can(null, 'announcements.manage')).toBe(false);
      expect(announcements.nav).toEqual([
        { area: 'desk', label: 'Announcements', path: '', role: 'agent', permission: 'announcements.manage' },
      ]);
    });

    it('checks permission before validating', async () => {
      await expect(createAnnouncement(w.ctx, w.customer, { title: '' }, NOW)).rejects.toMatchObject({
        code: 'forbidden',
      });
    });
  });

  describe('the portal home', () => {
    it('shows each audience only what is meant for it', async () => {
      await createAnnouncement(w.ctx, w.agent, input({ title: 'For everyone', audience: 'everyone' }), NOW);
      await createAnnouncement(w.ctx, w.agent, input({ title: 'For signed-in', audience: 'signed-in' }), NOW);
      await createAnnouncement(w.ctx, w.agent, input({ title: 'For staff', audience: 'staff' }), NOW);

      const forAnonymous = await homeAnnouncements(w.ctx, null, NOW);
      const forCustomer = await homeAnnouncements(w.ctx, w.customer, NOW);
      const forAgent = await homeAnnouncements(w.ctx, w.agent, NOW);
      const forAdmin = await homeAnnouncements(w.ctx, w.admin, NOW);
      expect(titles(forAnonymous.active)).toEqual(['For everyone']);
      expect(titles(forCustomer.active).sort()).toEqual(['For everyone', 'For signed-in']);
      expect(titles(forAgent.active).sort()).toEqual(['For everyone', 'For signed-in', 'For staff']);
      expect(titles(forAdmin.active).sort()).toEqual(['For everyone', 'For signed-in', 'For staff']);
    });

    it('puts incidents first, then maintenance, then information, newest first within a kind', async () => {
      const ctx5 = { ...w.ctx, settings: { maxShown: 5, showUpcomingDays: 7 } };
      await createAnnouncement(w.ctx, w.agent, input({ title: 'Info', kind: 'info', starts_at: at(-1) }), NOW);
      await createAnnouncement(w.ctx, w.agent, input({ title: 'Maint', kind: 'maintenance', starts_at: at(-3) }), NOW);
      await createAnnouncement(
        w.ctx,
        w.agent,
        input({ title: 'Old incident', kind: 'incident', starts_at: at(-5) }),
        NOW,
      );
      await createAnnouncement(
        w.ctx,
        w.agent,
        input({ title: 'New incident', kind: 'incident', starts_at: at(-2) }),
        NOW,
      );
      const home = await homeAnnouncements(ctx5, null, NOW);
      expect(titles(home.active)).toEqual(['New incident', 'Old incident', 'Maint', 'Info']);
    });

    it('shows at most maxShown (3 by default) and counts the rest', async () => {
      for (const n of [1, 2, 3, 4]) {
        await createAnnouncement(w.ctx, w.agent, input({ title: `Info ${n}`, kind: 'info', starts_at: at(-n) }), NOW);
      }
      const home = await homeAnnouncements(w.ctx, null, NOW);
      expect(titles(home.active)).toEqual(['Info 1', 'Info 2', 'Info 3']);
      expect(home.moreActive).toBe(1);
      const one = await homeAnnouncements({ ...w.ctx, settings: { maxShown: 1 } }, null, NOW);
      expect(titles(one.active)).toEqual(['Info 1']);
      expect(one.moreActive).toBe(3);
    });

    it('shows only what is on now: not before the start, not from the end', async () => {
      await createAnnouncement(
        w.ctx,
        w.agent,
        input({ title: 'Later', kind: 'info', starts_at: at(1), ends_at: at(2) }),
        NOW,
      );
      await createAnnouncement(w.ctx, w.agent, input({ title: 'Over', starts_at: at(-3), ends_at: at(-1) }), NOW);
      await createAnnouncement(w.ctx, w.agent, input({ title: 'Ends now', starts_at: at(-3), ends_at: at(0) }), NOW);
      await createAnnouncement(w.ctx, w.agent, input({ title: 'Open-ended', starts_at: at(-3), ends_at: '' }), NOW);
      await createAnnouncement(w.ctx, w.agent, input({ title: 'Starts now', starts_at: at(0), ends_at: at(1) }), NOW);
      const home = await homeAnnouncements(w.ctx, w.agent, NOW);
      expect(titles(home.active).sort()).toEqual(['Open-ended', 'Starts now']);
      expect(home.planned).toEqual([]);

      const later = await homeAnnouncements(w.ctx, w.agent, new Date(NOW.getTime() + 1.5 * HOUR));
      expect(titles(later.active)).toEqual(['Open-ended', 'Later']);
    });

    it('lists maintenance within the next 7 days as planned, soonest first', async () => {
      const m = (title: string, inHours: number, extra: AnnouncementInput = {}) =>
        createAnnouncement(
          w.ctx,
          w.agent,
          input({ title, kind: 'maintenance', starts_at: at(inHours), ends_at: at(inHours + 2), ...extra }),
          NOW,
        );
      await m('In 3 days', 72);
      await m('Tomorrow', 24);
      await m('In 8 days', 8 * 24);
      await m('Staff only', 24, { audience: 'staff' });
      await m('Incident later', 24, { kind: 'incident' });
      await m('Info later', 24, { kind: 'info' });

      const forCustomer = await homeAnnouncements(w.ctx, w.customer, NOW);
      expect(forCustomer.active).toEqual([]);
      expect(titles(forCustomer.planned)).toEqual(['Tomorrow', 'In 3 days']);
      expect(titles((await homeAnnouncements(w.ctx, w.agent, NOW)).planned)).toEqual([
        'Tomorrow',
        'Staff only',
        'In 3 days',
      ]);

      const twoDays = await homeAnnouncements({ ...w.ctx, settings: { showUpcomingDays: 2 } }, w.customer, NOW);
      expect(titles(twoDays.planned)).toEqual(['Tomorrow']);
      const none = await homeAnnouncements({ ...w.ctx, settings: { showUpcomingDays: 0 } }, w.customer, NOW);
      expect(none.planned).toEqual([]);
    });
  });
});
