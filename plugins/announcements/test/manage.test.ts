import { describe, expect, it } from 'vitest';
import announcements from '../index.ts';
import {
  createAnnouncement,
  deleteAnnouncement,
  endAnnouncement,
  homeAnnouncements,
  listForManagement,
  purgeEnded,
  updateAnnouncement,
} from '../announcements.ts';
import { at, DAY, HOUR, input, NOW, titles, useCore } from './helpers.ts';

describe('with a core', () => {
  const w = useCore();

  describe('management', () => {
    it('lists current, upcoming and past', async () => {
      await createAnnouncement(w.ctx, w.agent, input({ title: 'Now' }), NOW);
      await createAnnouncement(w.ctx, w.agent, input({ title: 'Soon', starts_at: at(48), ends_at: at(50) }), NOW);
      await createAnnouncement(w.ctx, w.agent, input({ title: 'Done', starts_at: at(-48), ends_at: at(-47) }), NOW);
      const list = await listForManagement(w.ctx, w.agent, NOW);
      expect(titles(list.current)).toEqual(['Now']);
      expect(titles(list.upcoming)).toEqual(['Soon']);
      expect(titles(list.past)).toEqual(['Done']);
    });

    it('edits, validates edits and keeps who created it', async () => {
      const created = await createAnnouncement(w.ctx, w.agent, input(), NOW);
      const later = new Date(NOW.getTime() + HOUR);
      const edited = await updateAnnouncement(w.ctx, w.admin, created.id, input({ title: 'Email is back' }), later);
      expect(edited).toMatchObject({
        title: 'Email is back',
        created_by: w.agent.id,
        created_at: NOW.toISOString(),
        updated_at: later.toISOString(),
      });
      await expect(updateAnnouncement(w.ctx, w.agent, created.id, input({ title: '' }), NOW)).rejects.toMatchObject({
        code: 'invalid_input',
        fields: { title: 'Give the announcement a title.' },
      });
      await expect(updateAnnouncement(w.ctx, w.agent, 'missing', input(), NOW)).rejects.toMatchObject({
        code: 'not_found',
      });
    });

    it('ends a current announcement now, and refuses to end one that has not started', async () => {
      const current = await createAnnouncement(w.ctx, w.agent, input({ ends_at: '' }), NOW);
      const ended = await endAnnouncement(w.ctx, w.agent, current.id, NOW);
      expect(ended.ends_at).toBe(NOW.toISOString());
      expect((await homeAnnouncements(w.ctx, w.agent, NOW)).active).toEqual([]);
      expect(titles((await listForManagement(w.ctx, w.agent, NOW)).past)).toEqual(['Email is down']);

      const soon = await createAnnouncement(w.ctx, w.agent, input({ starts_at: at(5), ends_at: at(6) }), NOW);
      await expect(endAnnouncement(w.ctx, w.agent, soon.id, NOW)).rejects.toMatchObject({ code: 'conflict' });
    });

    it('deletes', async () => {
      const created = await createAnnouncement(w.ctx, w.agent, input(), NOW);
      await deleteAnnouncement(w.ctx, w.agent, created.id);
      expect((await listForManagement(w.ctx, w.agent, NOW)).current).toEqual([]);
      await expect(deleteAnnouncement(w.ctx, w.agent, created.id)).rejects.toMatchObject({ code: 'not_found' });
    });
  });

  describe('the expire job', () => {
    it('deletes announcements that ended more than 90 days ago, and is idempotent', async () => {
      await createAnnouncement(w.ctx, w.agent, input({ title: 'Current', ends_at: '' }), NOW);
      const edge = new Date(NOW.getTime() - 90 * DAY).toISOString().slice(0, 16);
      await createAnnouncement(
        w.ctx,
        w.agent,
        input({ title: 'Exactly 90 days', starts_at: at(-100 * 24), ends_at: edge }),
      );
      await createAnnouncement(
        w.ctx,
        w.agent,
        input({ title: 'Ancient', starts_at: at(-100 * 24), ends_at: at(-91 * 24) }),
      );
      await createAnnouncement(w.ctx, w.agent, input({ title: 'Recent', starts_at: at(-48), ends_at: at(-24) }), NOW);

      expect(await purgeEnded(w.ctx, NOW)).toBe(1);
      expect(await purgeEnded(w.ctx, NOW)).toBe(0);
      const list = await listForManagement(w.ctx, w.agent, NOW);
      expect(titles(list.past).sort()).toEqual(['Exactly 90 days', 'Recent']);
      expect(titles(list.current)).toEqual(['Current']);
    });

    it('is scheduled every 15 minutes and runs through the job', async () => {
      expect(announcements.jobs?.['expire']?.every).toBe('15m');
      const now = NOW;
      const longAgo = (days: number) => new Date(now.getTime() - days * DAY).toISOString().slice(0, 16);
      await createAnnouncement(
        w.ctx,
        w.agent,
        input({ title: 'Ancient', starts_at: longAgo(120), ends_at: longAgo(100) }),
      );
      await createAnnouncement(
        w.ctx,
        w.agent,
        input({ title: 'Recent', starts_at: longAgo(20), ends_at: longAgo(10) }),
      );

      // test.context() is typed with untyped settings; the job expects the plugin's own settings type.
      const expire = announcements.jobs!['expire']!;
      await expire.run(w.ctx as Parameters<typeof expire.run>[0], now);
      expect(titles((await listForManagement(w.ctx, w.agent, now)).past)).toEqual(['Recent']);
    });
  });
});
