import { afterEach, describe, expect, it } from 'vitest';
import csat from '../index.ts';
import { rateSurvey } from '../responses.ts';
import { lookupSurveyLink } from '../survey-links.ts';
import { sendReminders } from '../survey-mail.ts';
import { surveyForTicket } from '../surveys.ts';
import { closeChecked, tokenIn, world } from './helpers.ts';
import type { World } from './helpers.ts';

let w: World;
afterEach(async () => {
  await closeChecked(w as World | undefined);
  w = undefined as never;
});

const hourMs = 3_600_000;

describe('sendReminders (the send-reminders job)', () => {
  it('sends one reminder after reminderAfterHours, and never a second', async () => {
    w = await world({ reminderAfterHours: 48 });
    const ticket = await w.resolved();
    const ctx = await w.ctx();
    const sentAt = Date.parse((await surveyForTicket(ctx, ticket.id))?.sent_at ?? '');

    expect(await sendReminders(ctx, new Date(sentAt + 47 * hourMs))).toBe(0);
    expect(await sendReminders(ctx, new Date(sentAt + 49 * hourMs))).toBe(1);
    expect(await sendReminders(ctx, new Date(sentAt + 200 * hourMs))).toBe(0);
    await csat.jobs?.['send-reminders']?.run(ctx, new Date(sentAt + 300 * hourMs));
    await w.t.settle();

    const mails = w.surveyMails();
    expect(mails.map((mail) => mail.subject)).toEqual([
      `How did we do with ${ticket.reference}?`,
      `Reminder: how did we do with ${ticket.reference}?`,
    ]);
    expect((await surveyForTicket(ctx, ticket.id))?.reminded_at).toBe(new Date(sentAt + 49 * hourMs).toISOString());

    // Both links work, and answering through either uses up both.
    const [first, reminder] = mails.map((mail) => tokenIn(mail.text));
    expect(first).not.toBe(reminder);
    expect((await lookupSurveyLink(ctx, first ?? '')).state).toBe('valid');
    await rateSurvey(ctx, { token: reminder ?? '' }, { rating: 4 });
    expect((await lookupSurveyLink(ctx, first ?? '')).state).toBe('used');
  });

  it('does not remind requesters who answered', async () => {
    w = await world();
    const ticket = await w.resolved();
    const ctx = await w.ctx();
    await rateSurvey(ctx, { user: w.customer, ticketNumber: ticket.number }, { rating: 5 });
    expect(await sendReminders(ctx, new Date(Date.now() + 100 * hourMs))).toBe(0);
  });

  it('sends nothing when reminders are turned off', async () => {
    w = await world({ reminderEnabled: false });
    await w.resolved();
    expect(await sendReminders(await w.ctx(), new Date(Date.now() + 100 * hourMs))).toBe(0);
  });

  it('does not remind about a ticket that was reopened', async () => {
    w = await world();
    const ticket = await w.resolved();
    await w.t.updateTicket(w.agent, ticket.number, { status: 'open' });
    await w.t.settle();
    expect(await sendReminders(await w.ctx(), new Date(Date.now() + 100 * hourMs))).toBe(0);
  });
});
