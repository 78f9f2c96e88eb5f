import type { PluginContext } from 'portico/plugin-api';
import { formatDay, isoWeek, satisfiedFrom } from './format.ts';

/** What the statistics need of a plugin context. */
export type StatsContext = Pick<PluginContext, 'db' | 'core'>;

export const periodChoices = [30, 90, 365] as const;
export type PeriodDays = (typeof periodChoices)[number];
export const defaultPeriod: PeriodDays = 90;

/** A `days` query parameter as one of the offered periods (the default for anything else). */
export function parsePeriod(value: string | null | undefined): PeriodDays {
  const days = Number(value);
  return (periodChoices as readonly number[]).includes(days) ? (days as PeriodDays) : defaultPeriod;
}

/** Responses, how many were satisfied (4 or 5), and their share (null without responses). */
export interface Figure {
  responses: number;
  satisfied: number;
  csat: number | null;
}

export interface Overall extends Figure {
  /** The mean rating (1–5), null without responses. */
  averageRating: number | null;
  /** Surveys offered in the period: mailed, or answered on the ticket page before the mail went out. */
  surveysSent: number;
  /** How many of those were answered (whenever). */
  surveysAnswered: number;
  /** surveysAnswered / surveysSent, null when none was sent. */
  responseRate: number | null;
}

export interface WeekFigure extends Figure {
  /** "2026-W05". */
  week: string;
  /** The week's Monday, YYYY-MM-DD. */
  monday: string;
}

export interface BreakdownRow extends Figure {
  /** The agent's, group's or request type's id; null for "none". */
  id: string | null;
  name: string;
}

export interface LatestComment {
  ticketNumber: number;
  rating: number;
  comment: string;
  createdAt: string;
  agentName: string | null;
}

export interface CsatStats {
  days: PeriodDays;
  /** The period: responses and surveys from `from` up to `to`. */
  from: Date;
  to: Date;
  overall: Overall;
  /** Every ISO week of the period, oldest first, including weeks without responses. */
  weeks: WeekFigure[];
  byAgent: BreakdownRow[];
  byGroup: BreakdownRow[];
  byRequestType: BreakdownRow[];
  /** The newest responses with a comment, newest first. */
  comments: LatestComment[];
}

const dayMs = 86_400_000;

function figure(ratings: readonly number[]): Figure {
  const satisfied = ratings.filter((rating) => rating >= satisfiedFrom).length;
  return { responses: ratings.length, satisfied, csat: ratings.length > 0 ? satisfied / ratings.length : null };
}

function breakdown(
  rows: readonly { key: string | null; rating: number }[],
  name: (id: string | null) => string,
): BreakdownRow[] {
  const byKey = new Map<string | null, number[]>();
  for (const row of rows) byKey.set(row.key, [...(byKey.get(row.key) ?? []), row.rating]);
  return [...byKey.entries()]
    .map(([id, ratings]) => ({ id, name: name(id), ...figure(ratings) }))
    .sort((a, b) => b.responses - a.responses || a.name.localeCompare(b.name));
}

/**
 * The CSAT figures of the last `days` days up to `now`: CSAT % (ratings 4–5 over all responses given in
 * the period), the response rate (surveys offered in the period that were answered), a trend by ISO
 * week, breakdowns by agent (the assignee at resolution), group and request type, and the latest comments.
 * @example
 * const stats = await csatStats(ctx, { days: 30 });
 * stats.overall.csat; // 0.8
 */
export async function csatStats(
  ctx: StatsContext,
  options: { days?: PeriodDays; now?: Date; commentLimit?: number } = {},
): Promise<CsatStats> {
  const days = options.days ?? defaultPeriod;
  const to = options.now ?? new Date();
  const from = new Date(to.getTime() - days * dayMs);
  const [fromText, toText] = [from.toISOString(), to.toISOString()];

  const responses = await ctx.db
    .selectFrom('plugin_csat_responses')
    .select(['ticket_number', 'rating', 'comment', 'agent_id', 'group_id', 'request_type_id', 'created_at'])
    .where('created_at', '>=', fromText)
    .where('created_at', '<=', toText)
    .orderBy('created_at', 'desc')
    .execute();
  const surveys = await ctx.db
    .selectFrom('plugin_csat_surveys')
    .select(['responded'])
    .where('created_at', '>=', fromText)
    .where('created_at', '<=', toText)
    .where((eb) => eb.or([eb('sent_at', 'is not', null), eb('responded', '=', 1)]))
    .execute();

  const ratings = responses.map((response) => Number(response.rating));
  const surveysSent = surveys.length;
  const surveysAnswered = surveys.filter((survey) => Number(survey.responded) === 1).length;
  const overall: Overall = {
    ...figure(ratings),
    averageRating: ratings.length > 0 ? ratings.reduce((sum, rating) => sum + rating, 0) / ratings.length : null,
    surveysSent,
    surveysAnswered,
    responseRate: surveysSent > 0 ? surveysAnswered / surveysSent : null,
  };

  const weekRatings = new Map<string, number[]>();
  for (const response of responses) {
    const { key } = isoWeek(new Date(response.created_at));
    weekRatings.set(key, [...(weekRatings.get(key) ?? []), Number(response.rating)]);
  }
  const weeks: WeekFigure[] = [];
  const lastWeek = isoWeek(to).key;
  for (let at = Date.parse(`${isoWeek(from).monday}T00:00:00.000Z`); ; at += 7 * dayMs) {
    const { key, monday } = isoWeek(new Date(at));
    weeks.push({ week: key, monday, ...figure(weekRatings.get(key) ?? []) });
    if (key === lastWeek) break;
  }

  const agentIds = [...new Set(responses.flatMap((response) => (response.agent_id ? [response.agent_id] : [])))];
  const agents = new Map<string, string>();
  for (const id of agentIds) {
    const agent = await ctx.core.users.get(id);
    if (agent) agents.set(id, agent.name);
  }
  const groups = new Map((await ctx.core.groups.list()).map((group) => [group.id, group.name]));
  const requestTypes = new Map((await ctx.core.requestTypes.list()).map((type) => [type.id, type.name]));
  const named = (names: Map<string, string>, none: string) => (id: string | null) =>
    id === null ? none : (names.get(id) ?? 'Unknown (deleted)');

  const comments: LatestComment[] = responses
    .filter((response) => response.comment !== null && response.comment !== '')
    .slice(0, options.commentLimit ?? 10)
    .map((response) => ({
      ticketNumber: Number(response.ticket_number),
      rating: Number(response.rating),
      comment: response.comment ?? '',
      createdAt: response.created_at,
      agentName: response.agent_id ? (agents.get(response.agent_id) ?? null) : null,
    }));

  return {
    days,
    from,
    to,
    overall,
    weeks,
    byAgent: breakdown(
      responses.map((r) => ({ key: r.agent_id, rating: Number(r.rating) })),
      named(agents, 'Unassigned'),
    ),
    byGroup: breakdown(
      responses.map((r) => ({ key: r.group_id, rating: Number(r.rating) })),
      named(groups, 'No group'),
    ),
    byRequestType: breakdown(
      responses.map((r) => ({ key: r.request_type_id, rating: Number(r.rating) })),
      named(requestTypes, 'No request type'),
    ),
    comments,
  };
}

/** A CSV cell: quoted when needed, and defused when a spreadsheet would read it as a formula. */
function cell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The breakdowns as CSV (one row per agent, group and request type, after an "overall" row):
 * dimension, name, responses, satisfied, csat_percent (one decimal; empty without responses).
 */
export function breakdownCsv(stats: CsatStats): string {
  const percent = (row: Figure) => (row.csat === null ? null : (Math.round(row.csat * 1000) / 10).toFixed(1));
  const line = (dimension: string, name: string, row: Figure) =>
    [dimension, name, row.responses, row.satisfied, percent(row)].map(cell).join(',');
  const period = `${formatDay(stats.from)} – ${formatDay(stats.to)}`;
  return [
    ['dimension', 'name', 'responses', 'satisfied', 'csat_percent'].join(','),
    line('overall', `Last ${stats.days} days (${period})`, stats.overall),
    ...stats.byAgent.map((row) => line('agent', row.name, row)),
    ...stats.byGroup.map((row) => line('group', row.name, row)),
    ...stats.byRequestType.map((row) => line('request_type', row.name, row)),
  ]
    .map((row) => `${row}\r\n`)
    .join('');
}

/**
 * CSAT over any window (the desk's reports pick their own period): ratings from `from` up to `to`.
 * @example
 * const { csat, responses } = await csatBetween(ctx, from, to);
 */
export async function csatBetween(ctx: StatsContext, from: Date, to: Date): Promise<Figure> {
  const rows = await ctx.db
    .selectFrom('plugin_csat_responses')
    .select('rating')
    .where('created_at', '>=', from.toISOString())
    .where('created_at', '<=', to.toISOString())
    .execute();
  return figure(rows.map((row) => Number(row.rating)));
}
