import type { APIRoute } from 'astro';
import { sql } from 'kysely';
import { json } from '../server/api.ts';

export const GET: APIRoute = async ({ locals }) => {
  try {
    await sql`select 1`.execute(locals.core.db);
    return json({ status: 'ok' });
  } catch (error) {
    locals.log.error({ err: error }, 'health check failed');
    return json({ status: 'unavailable' }, 503);
  }
};
