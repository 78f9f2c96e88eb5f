import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PluginEvent, PortalUser } from 'portico/plugin-api';
import recognition from '../index.ts';
import { badgesOf } from '../kudos.ts';
import { balanceOf, ledgerOf } from '../points.ts';
import { saveSettings, setup } from './helpers.ts';

let t: Awaited<ReturnType<typeof setup>>;
let agent: PortalUser;
let customer: PortalUser;

beforeEach(async () => {
  t = await setup();
  agent = await t.user('agent', 'Alice Agent');
  customer = await t.user('customer', 'Carl Customer');
});
afterEach(async () => {
  await t.close();
});

function csatEvent(responseId: string, rating: number, agentId: string | null) {
  return {
    id: crypto.randomUUID(),
    type: 'csat.responded',
    subjectId: 'ticket-1',
    actorId: customer.id,
    createdAt: new Date(),
    payload: {
      responseId,
      ticketId: 'ticket-1',
      ticketNumber: 1,
      rating,
      agentId,
      groupId: null,
      requesterId: customer.id,
    },
  } as unknown as PluginEvent<'csat.responded'>;
}

function trainingEvent(assignmentId: string, moduleTitle: string, userId: string) {
  return {
    id: crypto.randomUUID(),
    type: 'training.completed',
    subjectId: assignmentId,
    actorId: userId,
    createdAt: new Date(),
    payload: { assignmentId, moduleId: 'module-1', moduleTitle, userId, score: 90 },
  } as unknown as PluginEvent<'training.completed'>;
}

async function onCsat(event: PluginEvent<'csat.responded'>) {
  await recognition.on?.['csat.responded']?.(event, (await t.ctx()) as never);
}

async function onTraining(event: PluginEvent<'training.completed'>) {
  await recognition.on?.['training.completed']?.(event, (await t.ctx()) as never);
}

describe('csat.responded', () => {
  it('credits the agent csatFiveStarPoints for a 5-star rating, once per response', async () => {
    await onCsat(csatEvent('response-1', 5, agent.id));
    await onCsat(csatEvent('response-1', 5, agent.id));
    const ctx = await t.ctx();
    expect(await balanceOf(ctx.db, agent.id)).toBe(10);
    expect(await ledgerOf(ctx, agent.id)).toMatchObject([{ points: 10, reason: 'csat', referenceId: 'response-1' }]);
    await onCsat(csatEvent('response-2', 5, agent.id));
    expect(await balanceOf(ctx.db, agent.id)).toBe(20);
  });

  it('gives nothing for ratings under 5 or without an agent', async () => {
    for (const rating of [1, 2, 3, 4]) await onCsat(csatEvent(`response-${rating}`, rating, agent.id));
    await onCsat(csatEvent('response-5', 5, null));
    expect(await balanceOf((await t.ctx()).db, agent.id)).toBe(0);
  });

  it('follows the csatFiveStarPoints setting and stops when autoCsat is off', async () => {
    await saveSettings(t, { csatFiveStarPoints: 25 });
    await onCsat(csatEvent('response-1', 5, agent.id));
    await saveSettings(t, { autoCsat: false });
    await onCsat(csatEvent('response-2', 5, agent.id));
    expect(await balanceOf((await t.ctx()).db, agent.id)).toBe(25);
  });

  it('arrives through the outbox and is credited once even when delivered twice', async () => {
    const payload = {
      responseId: 'response-9',
      ticketId: 'ticket-9',
      ticketNumber: 9,
      rating: 5,
      agentId: agent.id,
      groupId: null,
      requesterId: customer.id,
    };
    const options = { subjectId: 'ticket-9', actorId: customer.id };
    await t.recordEvent('csat.responded', payload, options);
    await t.settle();
    await t.recordEvent('csat.responded', payload, options);
    await t.settle();
    expect(await balanceOf((await t.ctx()).db, agent.id)).toBe(10);
  });
});

describe('training.completed', () => {
  it('awards the badge "Trained: <module>" and trainingPoints once per assignment', async () => {
    await onTraining(trainingEvent('assignment-1', 'Phishing basics', agent.id));
    await onTraining(trainingEvent('assignment-1', 'Phishing basics', agent.id));
    const ctx = await t.ctx();
    expect((await badgesOf(ctx, agent.id)).map((badge) => badge.name)).toEqual(['Trained: Phishing basics']);
    expect(await balanceOf(ctx.db, agent.id)).toBe(5);
    await onTraining(trainingEvent('assignment-2', 'Phishing basics', agent.id));
    expect(await badgesOf(ctx, agent.id)).toHaveLength(2);
    expect(await balanceOf(ctx.db, agent.id)).toBe(10);
  });

  it('gives nothing when autoTraining is off', async () => {
    await saveSettings(t, { autoTraining: false });
    await onTraining(trainingEvent('assignment-1', 'Phishing basics', agent.id));
    const ctx = await t.ctx();
    expect(await badgesOf(ctx, agent.id)).toEqual([]);
    expect(await balanceOf(ctx.db, agent.id)).toBe(0);
  });

  it('arrives through the outbox', async () => {
    const payload = { assignmentId: 'assignment-7', moduleId: 'm', moduleTitle: 'GDPR', userId: agent.id, score: null };
    await t.recordEvent('training.completed', payload, { subjectId: 'assignment-7', actorId: agent.id });
    await t.settle();
    expect((await badgesOf(await t.ctx(), agent.id)).map((badge) => badge.name)).toEqual(['Trained: GDPR']);
  });
});
