import { describe, expect, it } from 'vitest';
import {
  AnnouncementError,
  describeWindow,
  doneMessage,
  inputFromAnnouncement,
  inputFromForm,
  isInAudience,
  parseUtcDateTime,
  statusFor,
  toDateTimeLocal,
  validateAnnouncement,
} from '../announcements.ts';
import { at, fieldErrors, input, NOW } from './helpers.ts';

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
