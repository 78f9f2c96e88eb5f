import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  rebuildReportFacts,
  reportBreakdown,
  reportOverview,
  saveReportTargets,
} from '../../../src/core/reports/index.ts';
import type { KpiFigure, ReportOverview, TicketKpiValues } from '../../../src/core/reports/index.ts';
import type { DeskWorld } from '../tickets/fixtures.ts';
import { addSearches, createReportWorld, makeTickets, period, reportNow } from './fixtures.ts';

let world: DeskWorld;
beforeEach(async () => {
  world = await createReportWorld();
  await makeTickets(world);
});
afterEach(async () => {
  vi.useRealTimers();
  await world.core.close();
});

const kpi = (overview: ReportOverview, id: KpiFigure['id']) => overview.kpis.find((item) => item.id === id)!;
const third = 100 / 3;

describe('reportOverview', () => {
  it('computes every KPI of the period by hand-checked figures, in business minutes', async () => {
    await addSearches(world);
    const overview = await reportOverview(world.core, world.agent, period, { now: reportNow });
    const values = Object.fromEntries(overview.kpis.map((item) => [item.id, item.value]));
    expect(values).toEqual({
      created: 5,
      resolved: 3,
      backlog: 2,
      // First responses 30 (C), 60 (A), 120 (B): median 60; p90 at rank 1.8 → 60 + 0.8 × 60.
      frt_median: 60,
      frt_p90: 108,
      // Resolutions 120 (C), 180 (A: 600 − 420 pending), 210 (B: 600 − 390 resolved before the reopen).
      resolution_median: 180,
      resolution_p90: 204,
      // First response: A met, B late, E unanswered past due. Resolution: A, B met, E open past due.
      sla_first_response: expect.closeTo(third, 6),
      sla_resolution: expect.closeTo(2 * third, 6),
      // B reopened, of 3 resolved. A and C were resolved with one reply and never reopened.
      reopen_rate: expect.closeTo(third, 6),
      fcr_rate: expect.closeTo(2 * third, 6),
      // 4 searches, 2 led to an article and no request.
      deflection_rate: 50,
    });
  });

  it('compares with the previous period of equal length (even counts: the median is the mean)', async () => {
    await addSearches(world);
    const overview = await reportOverview(world.core, world.agent, period, { now: reportNow });
    expect(overview.previous).toEqual({
      from: new Date('2026-11-02T00:00:00.000Z'),
      to: new Date('2026-11-09T00:00:00.000Z'),
    });
    const previous = Object.fromEntries(overview.kpis.map((item) => [item.id, item.previous]));
    expect(previous).toEqual({
      created: 2,
      resolved: 2,
      backlog: 0,
      // F 10 (24×7), G 20: median 15, p90 at rank 0.9 → 10 + 0.9 × 10.
      frt_median: 15,
      frt_p90: 19,
      // F 60, G 240 (09:00–13:00): median 150, p90 → 60 + 0.9 × 180.
      resolution_median: 150,
      resolution_p90: 222,
      sla_first_response: 100,
      sla_resolution: 100,
      reopen_rate: 0,
      fcr_rate: 100,
      deflection_rate: 100,
    });
  });

  it('draws daily series: created per day and the backlog at the end of each day', async () => {
    const overview = await reportOverview(world.core, world.agent, period, { now: reportNow });
    const series = (id: KpiFigure['id']) => kpi(overview, id).series.map((point) => point.value);
    expect(kpi(overview, 'created').series.map((point) => point.day)).toEqual([
      '2026-11-09',
      '2026-11-10',
      '2026-11-11',
      '2026-11-12',
      '2026-11-13',
      '2026-11-14',
      '2026-11-15',
    ]);
    expect(series('created')).toEqual([2, 1, 0, 1, 1, 0, 0]);
    expect(series('resolved')).toEqual([0, 3, 1, 0, 0, 0, 0].map((n, i) => (i === 1 ? 2 : n)));
    // A (pending counts as open) and B on Monday; all done on Tuesday and again on Wednesday; D, E.
    expect(series('backlog')).toEqual([2, 0, 0, 1, 2, 2, 2]);
    expect(series('frt_median')).toEqual([60, 75, null, null, null, null, null]);
  });

  it('shows each target and whether it is met, in the KPI direction', async () => {
    await saveReportTargets(world.core, world.admin, {
      frt_median: '60',
      sla_first_response: '95',
      backlog: 1,
      fcr_rate: '50 %',
    });
    const overview = await reportOverview(world.core, world.agent, period, { now: reportNow });
    expect(kpi(overview, 'frt_median')).toMatchObject({ target: 60, status: 'met' });
    expect(kpi(overview, 'sla_first_response')).toMatchObject({ target: 95, status: 'missed' });
    expect(kpi(overview, 'backlog')).toMatchObject({ target: 1, status: 'missed' });
    expect(kpi(overview, 'fcr_rate')).toMatchObject({ target: 50, status: 'met' });
    expect(kpi(overview, 'reopen_rate')).toMatchObject({ target: null, status: 'none' });
  });

  it('narrows to one group, leaving the knowledge base out', async () => {
    const overview = await reportOverview(world.core, world.agent, period, {
      now: reportNow,
      filter: { dimension: 'group', value: world.desk.id },
    });
    expect(overview.kpis.map((item) => item.id)).not.toContain('deflection_rate');
    expect(kpi(overview, 'created')).toMatchObject({ value: 3, previous: 1 });
    expect(kpi(overview, 'frt_median')).toMatchObject({ value: 90, previous: 20 });
    expect(kpi(overview, 'backlog')).toMatchObject({ value: 1, previous: 0 });
  });

  it('is for agents and admins only', async () => {
    await expect(reportOverview(world.core, world.casey, period)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(reportOverview(world.core, null, period)).rejects.toMatchObject({ code: 'unauthenticated' });
  });
});

// Group desk = priority P3 = kind incident = the incident type: A, B, E.
const incidents: TicketKpiValues = {
  created: 3,
  resolved: 2,
  backlog: 1,
  frt_median: 90,
  frt_p90: 114,
  resolution_median: 195,
  resolution_p90: 207,
  sla_first_response: expect.closeTo(third, 6) as unknown as number,
  sla_resolution: expect.closeTo(2 * third, 6) as unknown as number,
  reopen_rate: 50,
  fcr_rate: 50,
};
// No group = P4 = service request = the question type: C, D.
const questions: TicketKpiValues = {
  created: 2,
  resolved: 1,
  backlog: 1,
  frt_median: 30,
  frt_p90: 30,
  resolution_median: 120,
  resolution_p90: 120,
  sla_first_response: null,
  sla_resolution: null,
  reopen_rate: 0,
  fcr_rate: 100,
};

describe('reportBreakdown', () => {
  it('breaks the KPIs down by group', async () => {
    const { rows } = await reportBreakdown(world.core, world.agent, period, 'group', { now: reportNow });
    expect(rows).toEqual([
      { key: world.desk.id, label: 'Service Desk', values: incidents },
      { key: null, label: 'No group', values: questions },
    ]);
  });

  it('breaks the KPIs down by agent (the assignee), with the unassigned', async () => {
    const { rows, total } = await reportBreakdown(world.core, world.agent, period, 'agent', { now: reportNow });
    expect(rows).toEqual([
      {
        key: world.agent.id,
        label: 'Avery Agent',
        values: {
          ...incidents,
          backlog: 0,
          created: 2,
          sla_first_response: 50,
          sla_resolution: 100,
        },
      },
      {
        key: null,
        label: 'Unassigned',
        values: {
          created: 2,
          resolved: 0,
          backlog: 2,
          frt_median: null,
          frt_p90: null,
          resolution_median: null,
          resolution_p90: null,
          sla_first_response: 0,
          sla_resolution: 0,
          reopen_rate: null,
          fcr_rate: null,
        },
      },
      { key: world.otherAgent.id, label: 'Sam Support', values: { ...questions, created: 1, backlog: 0 } },
    ]);
    expect(total).toMatchObject({ created: 5, resolved: 3, backlog: 2, frt_median: 60 });
  });

  it('breaks the KPIs down by request type, priority and kind', async () => {
    const byType = await reportBreakdown(world.core, world.agent, period, 'request_type', { now: reportNow });
    expect(byType.rows).toEqual([
      { key: world.incident.id, label: 'Report an incident', values: incidents },
      { key: world.question.id, label: 'Ask a question', values: questions },
    ]);
    const byPriority = await reportBreakdown(world.core, world.agent, period, 'priority', { now: reportNow });
    expect(byPriority.rows).toEqual([
      { key: 'P3', label: 'P3', values: incidents },
      { key: 'P4', label: 'P4', values: questions },
    ]);
    const byKind = await reportBreakdown(world.core, world.agent, period, 'kind', { now: reportNow });
    expect(byKind.rows).toEqual([
      { key: 'incident', label: 'Incident', values: incidents },
      { key: 'service_request', label: 'Service request', values: questions },
    ]);
  });

  it('refuses an unknown dimension', async () => {
    await expect(
      reportBreakdown(world.core, world.agent, period, 'colour' as 'group', { now: reportNow }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('rebuildReportFacts', () => {
  it('gives exactly the facts the events kept (create, reply, pending, reopen, resolve, close)', async () => {
    const snapshot = async () => {
      const facts = await world.core.db.selectFrom('report_ticket_facts').selectAll().orderBy('ticket_id').execute();
      const spans = await world.core.db
        .selectFrom('report_open_spans')
        .selectAll()
        .orderBy('ticket_id')
        .orderBy('seq')
        .execute();
      return { facts: facts.map((row) => ({ ...row, updated_at: 'ignored' })), spans };
    };
    const kept = await snapshot();
    expect(kept.facts).toHaveLength(7);
    expect(kept.spans.filter((span) => span.seq > 0)).toHaveLength(1);
    await world.core.db.deleteFrom('report_open_spans').execute();
    await world.core.db.deleteFrom('report_ticket_facts').execute();
    expect(await rebuildReportFacts(world.core)).toEqual({ tickets: 7 });
    expect(await snapshot()).toEqual(kept);
  });
});
