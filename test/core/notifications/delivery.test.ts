import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJobQueue } from '../../../src/core/jobs/index.ts';
import { installNotifications, mailAttempts } from '../../../src/core/notifications/index.ts';
import { createTicket } from '../../../src/core/tickets/index.ts';
import { createMailWorld, deliver } from './fixtures.ts';
import type { MailWorld } from './fixtures.ts';

let world: MailWorld;
beforeEach(async () => {
  world = await createMailWorld();
});
afterEach(() => world.close());

const hour = 3_600_000;

async function mailJobs() {
  return world.core.db.selectFrom('jobs').selectAll().where('type', '=', 'mail.send').execute();
}

function newRequest() {
  return createTicket(world.core, world.casey, {
    requestTypeId: world.question.id,
    subject: 'VPN drops',
    description: 'Every few minutes.',
  });
}

describe('installNotifications (delivery)', () => {
  it('retries a mail the SMTP server refused, later, and delivers it once the server accepts', async () => {
    world.smtp.failWith = 451;
    const ticket = await newRequest();
    expect(await deliver(world)).toEqual([]);
    let [job] = await mailJobs();
    expect(job).toMatchObject({ status: 'queued', attempts: 1, max_attempts: mailAttempts });
    expect(job!.last_error).toMatch(/451/);
    const start = Date.now();
    // Still refused on the second attempt (a permanent-looking 5xx is retried too: servers misreport).
    world.smtp.failWith = 550;
    await deliver(world, new Date(start + hour));
    [job] = await mailJobs();
    expect(job).toMatchObject({ status: 'queued', attempts: 2 });
    // Not before its backoff has passed.
    world.smtp.failWith = null;
    expect(await world.core.jobs.runDue(new Date(start + hour))).toBe(0);
    const mails = await deliver(world, new Date(start + 3 * hour));
    expect(mails.map((mail) => mail.subject)).toEqual([`[${ticket.reference}] We received your request: VPN drops`]);
    [job] = await mailJobs();
    expect(job).toMatchObject({ status: 'done', attempts: 3, last_error: null });
  });

  it('retries while the SMTP server is down, and sends once it is back', async () => {
    await world.smtp.stop();
    const ticket = await newRequest();
    await deliver(world);
    await deliver(world, new Date(Date.now() + hour));
    let [job] = await mailJobs();
    expect(job).toMatchObject({ status: 'queued', attempts: 2 });
    expect(job!.last_error).toMatch(/ECONNREFUSED|connect/i);
    await world.smtp.start();
    const mails = await deliver(world, new Date(Date.now() + 3 * hour));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain(`[${ticket.reference}]`);
    [job] = await mailJobs();
    expect(job!.status).toBe('done');
  });

  it('does not send a mail twice after a restart', async () => {
    await newRequest();
    expect(await deliver(world)).toHaveLength(1);
    // A new process: another job queue on the same database, with the mail job defined.
    const restarted = { ...world.core, jobs: createJobQueue(world.core.db, pino({ level: 'silent' })) };
    installNotifications(restarted);
    expect(await restarted.jobs.runDue(new Date(Date.now() + 24 * hour))).toBe(0);
    expect(world.smtp.received).toHaveLength(1);
  });

  it('enqueues one mail when the same event is delivered twice', async () => {
    await newRequest();
    await world.core.events.dispatchPending();
    // As after a crash between delivering the events and marking them delivered.
    await world.core.db.updateTable('event_outbox').set({ dispatched_at: null }).execute();
    await world.core.events.dispatchPending();
    expect(await mailJobs()).toHaveLength(1);
    await world.core.jobs.runDue(new Date(Date.now() + hour));
    expect(world.smtp.received).toHaveLength(1);
  });

  it('sends nothing to a person deactivated before the mail went out', async () => {
    await newRequest();
    await world.core.events.dispatchPending();
    await world.core.db.updateTable('users').set({ active: 0 }).where('id', '=', world.casey.id).execute();
    await world.core.jobs.runDue(new Date(Date.now() + hour));
    expect(world.smtp.received).toEqual([]);
    expect((await mailJobs())[0]!.status).toBe('done');
  });
});
