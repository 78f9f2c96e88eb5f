import type { Core } from '../context.ts';
import { fromStoredTime, toStoredTime } from '../db/values.ts';
import { PorticoError } from '../errors.ts';
import type { Actor } from '../users/index.ts';
import { parseDecision, recordDecision } from './decide.ts';
import type { ApprovalView } from './queries.ts';
import { viewForApprover } from './queries.ts';
import type { ApprovalDecisionInput } from './schemas.ts';
import type { ApprovalOutcome } from './steps.ts';
import { hashLinkToken, plausibleToken } from './tokens.ts';

/** What a decision link leads to: the approval to decide, or why the link no longer works. */
export type ApprovalLink =
  | { state: 'valid'; approverId: string; approverName: string; approval: ApprovalView }
  | { state: 'used' | 'expired' | 'over' | 'unknown' };

async function resolveLink(core: Core, token: string, now: Date) {
  if (!plausibleToken(token)) return { state: 'unknown' as const };
  const row = await core.db
    .selectFrom('approval_links')
    .innerJoin('approval_decisions', 'approval_decisions.id', 'approval_links.decision_id')
    .innerJoin('approval_requests', 'approval_requests.id', 'approval_decisions.request_id')
    .innerJoin('users', 'users.id', 'approval_decisions.approver_id')
    .select([
      'approval_links.token_hash',
      'approval_links.expires_at',
      'approval_links.used_at',
      'approval_decisions.id as decision_id',
      'approval_decisions.step',
      'approval_decisions.decision',
      'approval_decisions.approver_id',
      'approval_requests.id as request_id',
      'approval_requests.status',
      'approval_requests.current_step',
      'users.name',
      'users.active',
    ])
    .where('approval_links.token_hash', '=', hashLinkToken(token))
    .executeTakeFirst();
  if (!row) return { state: 'unknown' as const };
  if (row.used_at !== null || row.decision !== null) return { state: 'used' as const };
  if (fromStoredTime(row.expires_at).getTime() <= now.getTime()) return { state: 'expired' as const };
  if (row.status !== 'pending' || Number(row.current_step) !== Number(row.step) || row.active !== 1) {
    return { state: 'over' as const };
  }
  return { state: 'valid' as const, row };
}

/**
 * Looks up a one-time decision link from mail without using it (opening a link never decides: mail
 * scanners follow links). A used, expired or finished one says so; an unknown one is `unknown`.
 * @example
 * const link = await lookupApprovalLink(core, Astro.params.token);
 * if (link.state !== 'valid') return gonePage(link.state); // 410
 */
export async function lookupApprovalLink(core: Core, token: string, now: Date = new Date()): Promise<ApprovalLink> {
  const found = await resolveLink(core, token, now);
  if (found.state !== 'valid') return { state: found.state };
  const approval = await viewForApprover(core.db, found.row.request_id, found.row.approver_id);
  if (!approval) return { state: 'unknown' };
  return { state: 'valid', approverId: found.row.approver_id, approverName: found.row.name, approval };
}

/**
 * Decides through a one-time link: the token (bound to one approver and one step) is the credential,
 * used once, for 7 days. When someone is signed in, it must be that approver. A link that no longer
 * works is a `conflict` whose details carry `link: 'used' | 'expired' | 'over' | 'unknown'`.
 * @example
 * await decideByLink(core, Astro.locals.user, token, { decision: 'reject', comment: 'Over budget.' });
 */
export async function decideByLink(
  core: Core,
  actor: Actor | null,
  token: string,
  raw: ApprovalDecisionInput,
  now: Date = new Date(),
): Promise<ApprovalOutcome> {
  parseDecision(raw);
  const found = await resolveLink(core, token, now);
  if (found.state !== 'valid') {
    throw new PorticoError('conflict', 'This approval link no longer works.', {
      hint: 'Open your approvals in the portal.',
      details: { link: found.state },
    });
  }
  if (actor && actor.id !== found.row.approver_id) {
    throw new PorticoError('forbidden', 'This link was sent to another approver.', {
      hint: 'Sign out, or decide from your own approvals list.',
    });
  }
  // Claimed before the decision: of two simultaneous submissions, only one gets here.
  const claimed = await core.db
    .updateTable('approval_links')
    .set({ used_at: toStoredTime(now) })
    .where('token_hash', '=', found.row.token_hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) === 0) {
    throw new PorticoError('conflict', 'This approval link no longer works.', { details: { link: 'used' } });
  }
  return recordDecision(core, found.row.decision_id, raw, 'link', now);
}
