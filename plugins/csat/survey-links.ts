/** What a survey link's token opens. */
import type { LinkState } from './errors.ts';
import { dayMs, tokenLifetimeDays } from './surveys.ts';
import type { CsatContext, Survey } from './surveys.ts';

export type SurveyLink = { state: 'valid'; survey: Survey } | { state: LinkState; survey: Survey | null };

/**
 * What a survey link's token opens: its survey while the link is valid; `used` once the survey was
 * answered, `expired` 30 days after the mail carrying it was sent, `unknown` for anything else.
 */
export async function lookupSurveyLink(ctx: CsatContext, token: string, now = new Date()): Promise<SurveyLink> {
  const trimmed = token.trim();
  if (!/^[\w-]{16,128}$/.test(trimmed)) return { state: 'unknown', survey: null };
  const hash = ctx.core.tokens.hash(trimmed);
  const survey = await ctx.db
    .selectFrom('plugin_csat_surveys')
    .selectAll()
    .where((eb) => eb.or([eb('token_hash', '=', hash), eb('reminder_token_hash', '=', hash)]))
    .executeTakeFirst();
  if (!survey) return { state: 'unknown', survey: null };
  if (survey.responded === 1) return { state: 'used', survey };
  const issuedAt = survey.token_hash === hash ? survey.sent_at : survey.reminded_at;
  if (issuedAt === null || now.getTime() - Date.parse(issuedAt) > tokenLifetimeDays * dayMs) {
    return { state: 'expired', survey };
  }
  return { state: 'valid', survey };
}
