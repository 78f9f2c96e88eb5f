import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore } from 'portico/plugin-api/testing';
import type { TestCore } from 'portico/plugin-api/testing';
import csat from '../index.ts';
import { csatBetween } from '../stats.ts';

let test: TestCore;
afterEach(() => test.close());

describe('csatBetween', () => {
  it('counts the ratings inside the window only', async () => {
    test = await createTestCore([csat]);
    const ctx = await test.context('csat');
    const rows = [
      ['2026-11-01T10:00:00.000Z', 5],
      ['2026-11-05T10:00:00.000Z', 4],
      ['2026-11-06T10:00:00.000Z', 2],
      ['2026-11-20T10:00:00.000Z', 1],
    ] as const;
    for (const [index, [createdAt, rating]] of rows.entries()) {
      await ctx.db
        .insertInto('plugin_csat_responses')
        .values({
          id: `r${index}`,
          survey_id: `s${index}`,
          ticket_id: `t${index}`,
          ticket_number: 1000 + index,
          rating,
          comment: null,
          requester_id: 'u',
          agent_id: null,
          group_id: null,
          request_type_id: null,
          channel: 'portal',
          created_at: createdAt,
          recovery_ticket_number: null,
        })
        .execute();
    }
    expect(await csatBetween(ctx, new Date('2026-11-01T00:00:00Z'), new Date('2026-11-10T00:00:00Z'))).toEqual({
      responses: 3,
      satisfied: 2,
      csat: 2 / 3,
    });
    expect(await csatBetween(ctx, new Date('2026-11-21T00:00:00Z'), new Date('2026-11-30T00:00:00Z'))).toEqual({
      responses: 0,
      satisfied: 0,
      csat: null,
    });
  });
});
