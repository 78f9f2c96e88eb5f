import type { Core } from '../context.ts';
import { leastLoadedAgent, roundRobinAgent } from './assign.ts';
import type { TicketFacts } from './facts.ts';
import { fillRulePlaceholders, peopleById } from './placeholders.ts';
import type { Rule } from './rules.ts';

/** What a rule's actions would do to one ticket, before anything is written. */
export interface ActionPlan {
  patch: { groupId?: string; assigneeId?: string; priority?: string; status?: string; tags?: string[] };
  notes: string[];
  mails: { to: string; subject: string; text: string }[];
  webhookIds: string[];
  /** One line per effect, for people ("Priority: P3 → P1"). */
  changes: string[];
}

async function groupName(core: Core, id: string): Promise<string> {
  const row = await core.db.selectFrom('groups').select('name').where('id', '=', id).executeTakeFirst();
  return row?.name ?? id;
}

/**
 * Works out what a rule's actions do to a ticket, in order (an agent picked after "assign group" is
 * picked in that group). `remember` stores a round-robin pick; a dry run passes false.
 */
export async function planActions(
  core: Core,
  facts: TicketFacts,
  rule: Pick<Rule, 'name' | 'actions'>,
  remember: boolean,
): Promise<ActionPlan> {
  const row = facts.row;
  const plan: ActionPlan = { patch: {}, notes: [], mails: [], webhookIds: [], changes: [] };
  let groupId = row.group_id;
  let assigneeId = row.assignee_id;
  const tags = new Set(facts.tags);
  for (const action of rule.actions) {
    switch (action.type) {
      case 'assign_group':
        groupId = action.value;
        plan.changes.push(`Group: ${await groupName(core, action.value)}`);
        break;
      case 'assign_agent': {
        let picked: string | undefined = action.value;
        if (action.value === 'round_robin' || action.value === 'least_loaded') {
          picked = groupId
            ? action.value === 'round_robin'
              ? await roundRobinAgent(core.db, groupId, remember)
              : await leastLoadedAgent(core.db, groupId)
            : undefined;
        }
        if (picked === undefined) {
          plan.changes.push('Assignee: nobody to pick (no group, or a group without active agents)');
          break;
        }
        assigneeId = picked;
        const name = (await peopleById(core, [picked])).get(picked)?.name ?? picked;
        plan.changes.push(`Assignee: ${name}`);
        break;
      }
      case 'set_priority':
        plan.patch.priority = action.value;
        plan.changes.push(`Priority: ${row.priority} → ${action.value}`);
        break;
      case 'set_status':
        plan.patch.status = action.value;
        plan.changes.push(`Status: ${row.status} → ${action.value}`);
        break;
      case 'add_tag':
        tags.add(action.value.toLowerCase());
        plan.changes.push(`Add tag: ${action.value}`);
        break;
      case 'remove_tag':
        tags.delete(action.value.toLowerCase());
        plan.changes.push(`Remove tag: ${action.value}`);
        break;
      case 'add_note':
        plan.notes.push(await fillRulePlaceholders(core, action.value, facts, rule.name, assigneeId));
        plan.changes.push('Internal note');
        break;
      case 'send_mail': {
        const recipientId =
          action.value === 'requester' ? row.requester_id : action.value === 'assignee' ? assigneeId : null;
        const to = recipientId ? (await peopleById(core, [recipientId])).get(recipientId)?.email : action.value;
        if (!to) {
          plan.changes.push(`Mail to ${action.value}: skipped (nobody to send to)`);
          break;
        }
        const fill = (text: string) => fillRulePlaceholders(core, text, facts, rule.name, assigneeId);
        plan.mails.push({ to, subject: await fill(action.subject), text: await fill(action.text) });
        plan.changes.push(`Mail to ${to}`);
        break;
      }
      case 'call_webhook': {
        const hook = await core.db
          .selectFrom('webhooks')
          .select(['id', 'url', 'active'])
          .where('id', '=', action.value)
          .executeTakeFirst();
        if (!hook || hook.active !== 1) {
          plan.changes.push('Webhook: skipped (deleted or paused)');
          break;
        }
        plan.webhookIds.push(hook.id);
        plan.changes.push(`Webhook: POST ${hook.url}`);
        break;
      }
    }
  }
  if (groupId !== row.group_id && groupId !== null) plan.patch.groupId = groupId;
  if (assigneeId !== row.assignee_id && assigneeId !== null) plan.patch.assigneeId = assigneeId;
  const after = [...tags].sort();
  if (after.join(',') !== [...facts.tags].sort().join(',')) plan.patch.tags = after;
  return plan;
}
