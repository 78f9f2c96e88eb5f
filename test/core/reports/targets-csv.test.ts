import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  csvCell,
  getReportTargets,
  percentile,
  reportCsv,
  resolvePeriod,
  saveReportTargets,
  toCsv,
} from '../../../src/core/reports/index.ts';
import type { DeskWorld } from '../tickets/fixtures.ts';
import { createReportWorld, makeTickets, period, reportNow } from './fixtures.ts';

describe('percentile', () => {
  it('takes the middle of an odd count and the mean of the middle two of an even count', () => {
    expect(percentile([30, 10, 20], 0.5)).toBe(20);
    expect(percentile([40, 10, 30, 20], 0.5)).toBe(25);
    expect(percentile([], 0.5)).toBeNull();
  });

  it('interpolates the 90th percentile between the closest ranks', () => {
    expect(percentile([10, 20, 30, 40, 50], 0.9)).toBe(46);
    expect(percentile([10, 20, 30, 40], 0.9)).toBeCloseTo(37, 10);
    expect(percentile([7], 0.9)).toBe(7);
  });
});

describe('resolvePeriod', () => {
  const now = new Date('2026-11-24T10:00:00Z');
  it('reads the last 7, 30 and 90 days, today included', () => {
    expect(resolvePeriod({ range: '7' }, now)).toEqual({
      range: '7',
      from: new Date('2026-11-18T00:00:00Z'),
      to: new Date('2026-11-25T00:00:00Z'),
    });
    expect(resolvePeriod({}, now).from).toEqual(new Date('2026-10-26T00:00:00Z'));
  });

  it('reads custom days, the last one whole, and refuses bad ones with the field', () => {
    expect(resolvePeriod({ range: 'custom', from: '2026-11-01', to: '2026-11-30' }, now)).toMatchObject({
      from: new Date('2026-11-01T00:00:00Z'),
      to: new Date('2026-12-01T00:00:00Z'),
    });
    expect(() => resolvePeriod({ range: 'custom', from: '2026-02-30', to: '2026-03-01' }, now)).toThrow(
      expect.objectContaining({ code: 'invalid_input', details: { fields: { from: 'Enter dates as YYYY-MM-DD.' } } }),
    );
    expect(() => resolvePeriod({ from: '2026-11-30', to: '2026-11-01' }, now)).toThrow('must not be after');
    expect(() => resolvePeriod({ from: '2024-01-01', to: '2026-11-01' }, now)).toThrow('at most 366 days');
  });
});

describe('csvCell', () => {
  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)");
    expect(csvCell('+31 555')).toBe("'+31 555");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
  });

  it('quotes commas, quotes and line breaks and leaves numbers as numbers', () => {
    expect(csvCell('Service Desk, 2nd line')).toBe('"Service Desk, 2nd line"');
    expect(csvCell('a\nb')).toBe('"a\nb"');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(33.33333)).toBe('33.33');
    expect(csvCell(null)).toBe('');
    expect(toCsv(['a', 'b'], [[1, '=x']])).toBe("a,b\r\n1,'=x\r\n");
  });
});

describe('saveReportTargets', () => {
  let world: DeskWorld;
  beforeEach(async () => {
    world = await createReportWorld({ install: false });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await world.core.close();
  });

  it('sets, keeps and clears targets (admins only)', async () => {
    await saveReportTargets(world.core, world.admin, { frt_median: '60', sla_first_response: '95 %' });
    await saveReportTargets(world.core, world.admin, { reopen_rate: 5, sla_first_response: '' });
    expect(await getReportTargets(world.core, world.agent)).toEqual({ frt_median: 60, reopen_rate: 5 });
    await expect(saveReportTargets(world.core, world.agent, { frt_median: '1' })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('names each bad value', async () => {
    await expect(
      saveReportTargets(world.core, world.admin, { sla_resolution: '120', created: '2.5', frt_p90: 'soon' }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      details: {
        fields: {
          sla_resolution: 'Enter a percentage from 0 to 100.',
          created: 'Enter a whole number of tickets, 0 or more.',
          frt_p90: 'Enter business minutes, 0 or more (at most a year).',
        },
      },
    });
  });
});

describe('reportCsv', () => {
  let world: DeskWorld;
  beforeEach(async () => {
    world = await createReportWorld();
    await makeTickets(world);
  });
  afterEach(async () => {
    vi.useRealTimers();
    await world.core.close();
  });

  it('exports the key figures, the daily data and a breakdown, with defused names', async () => {
    await world.core.db.updateTable('groups').set({ name: '=Desk, "1st"' }).where('id', '=', world.desk.id).execute();
    const kpis = await reportCsv(world.core, world.agent, { table: 'kpis', period, now: reportNow });
    expect(kpis.fileName).toBe('portico-kpis_2026-11-09_2026-11-15.csv');
    expect(kpis.text.split('\r\n').slice(0, 3)).toEqual([
      'KPI,Unit,Value,Previous period,Target,Target status',
      'Tickets created,count,5,2,,none',
      'Tickets resolved,count,3,2,,none',
    ]);
    const daily = await reportCsv(world.core, world.agent, { table: 'daily', period, now: reportNow });
    expect(daily.text.split('\r\n')[1]).toMatch(/^2026-11-09,2,0,2,60,60,/);
    const byGroup = await reportCsv(world.core, world.agent, {
      table: 'breakdown',
      dimension: 'group',
      period,
      now: reportNow,
    });
    expect(byGroup.fileName).toBe('portico-by-group_2026-11-09_2026-11-15.csv');
    const lines = byGroup.text.split('\r\n');
    expect(lines[0]).toMatch(/^Group,Tickets created,Tickets resolved,/);
    expect(lines[1]).toBe(`"'=Desk, ""1st""",3,2,1,90,114,195,207,33.33,66.67,50,50`);
    expect(lines[3]).toBe('Total,5,3,2,60,108,180,204,33.33,66.67,33.33,66.67');
    await expect(reportCsv(world.core, world.casey, { table: 'kpis', period })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(reportCsv(world.core, world.agent, { table: 'secrets', period })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });
});
