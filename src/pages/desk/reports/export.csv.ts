import type { APIRoute } from 'astro';
import { isPorticoError } from '../../../core/errors.ts';
import { dimensions, reportCsv, resolvePeriod } from '../../../core/reports/index.ts';
import type { Dimension } from '../../../core/reports/index.ts';
import { isStaff } from '../../../core/users/index.ts';

/**
 * A report table as a CSV download: ?table=kpis|daily|breakdown&from=YYYY-MM-DD&to=YYYY-MM-DD
 * (or &range=7|30|90), and &by=<dimension> for the breakdown. Agents and admins; others get a 404.
 */
export const GET: APIRoute = async ({ locals, url, redirect }) => {
  const { user, core } = locals;
  if (!user) return redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
  if (!isStaff(user)) return new Response(null, { status: 404 });
  const params = url.searchParams;
  const by = params.get('by') ?? 'group';
  try {
    const period = resolvePeriod(
      { range: params.get('range'), from: params.get('from'), to: params.get('to') },
      new Date(),
    );
    const { fileName, text } = await reportCsv(core, user, {
      table: params.get('table') ?? '',
      period,
      ...((dimensions as readonly string[]).includes(by) && { dimension: by as Dimension }),
    });
    return new Response(text, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${fileName}"`,
        'Cache-Control': 'no-store',
      },
    });
  } catch (error) {
    if (!isPorticoError(error)) throw error;
    return new Response(`${error.message}\n`, {
      status: 400,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
};
