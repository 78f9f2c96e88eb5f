import type { Core } from '../../../../core/context.ts';
import { PorticoError } from '../../../../core/errors.ts';
import {
  createArticleFromTicket,
  linkToProblem,
  mergeTickets,
  parseTicketReference,
  relateTickets,
  replyToTicket,
  resolveProblem,
  setParentTicket,
  setWatcher,
  updateTicket,
} from '../../../../core/tickets/index.ts';
import type { ReplyInput, TicketDetail, TicketPatch, Upload } from '../../../../core/tickets/index.ts';
import type { User } from '../../../../core/users/index.ts';
import type { Translate } from '../../../../i18n/index.ts';

/** What one of the ticket page's forms asks for (its hidden `intent` field) and what it posted. */
export interface IntentRequest {
  core: Core;
  user: User;
  detail: TicketDetail;
  intent: string;
  form: Record<string, string>;
  uploads: () => Promise<Upload[]>;
  t: Translate;
}

/** The core names some fields differently from the page's forms, whose ids must be unique on the page. */
const fieldAliases: Record<string, Record<string, string>> = {
  reply: { status: 'replyStatus' },
  'resolve-problem': { message: 'resolveMessage', rootCause: 'resolveRootCause', workaround: 'resolveWorkaround' },
};

/** A problem's field names as the form that failed calls them. */
export function formFields(intent: string, fields: Record<string, string>): Record<string, string> {
  const aliases = fieldAliases[intent] ?? {};
  return Object.fromEntries(Object.entries(fields).map(([name, message]) => [aliases[name] ?? name, message]));
}

function ticketNumber(form: Record<string, string>, name: string, t: Translate): number {
  const number = parseTicketReference(form[name] ?? '');
  if (number === undefined) {
    throw new PorticoError('invalid_input', t('desk.ticket.error.number'), {
      details: { fields: { [name]: t('desk.ticket.error.number.field') } },
    });
  }
  return number;
}

const orNull = (value: string | undefined) => (value?.trim() ? value.trim() : null);

function propertiesPatch(detail: TicketDetail, form: Record<string, string>): TicketPatch {
  const ticket = detail.ticket;
  const patch: Record<string, unknown> = {};
  const changed = (name: string, current: string | null) => {
    const value = orNull(form[name]);
    return name in form && value !== current ? { value } : null;
  };
  for (const name of ['status', 'priority', 'kind'] as const) {
    const change = changed(name, ticket[name]);
    if (change) patch[name] = change.value ?? '';
  }
  const group = changed('groupId', ticket.groupId);
  if (group) patch['groupId'] = group.value;
  const assignee = changed('assigneeId', ticket.assigneeId);
  if (assignee) patch['assigneeId'] = assignee.value;
  if ('tags' in form) {
    const tags = [...new Set((form['tags'] ?? '').split(',').map((tag) => tag.trim().toLowerCase()))].filter(Boolean);
    if ([...tags].sort().join(',') !== [...ticket.tags].sort().join(',')) patch['tags'] = tags;
  }
  if ((patch['kind'] ?? ticket.kind) === 'problem') {
    const rootCause = changed('rootCause', ticket.rootCause);
    if (rootCause) patch['rootCause'] = rootCause.value;
    const workaround = changed('workaround', ticket.workaround);
    if (workaround) patch['workaround'] = workaround.value;
  }
  if (patch['status'] !== undefined && form['force'] === 'on') patch['force'] = true;
  return patch as TicketPatch;
}

/**
 * Runs the core function a ticket-page form asks for and returns where to go next (a 303 target).
 * Core functions check permissions themselves; refusals propagate as PorticoErrors for the form.
 */
export async function runIntent(request: IntentRequest): Promise<string> {
  const { core, user, detail, intent, form, t } = request;
  const number = detail.ticket.number;
  const self = `/desk/tickets/${number}`;
  const done = (notice: string, extra = '') => `${self}?notice=${notice}${extra}`;
  switch (intent) {
    case 'reply': {
      const status = form['replyStatus'];
      const internal = form['mode'] === 'internal';
      const input: ReplyInput = {
        body: form['body'] ?? '',
        internal,
        timeSpentMinutes: form['timeSpentMinutes']?.trim() || 0,
        ...(status && status !== 'keep' && { status: status as ReplyInput['status'] }),
      };
      await replyToTicket(core, user, number, input, await request.uploads());
      return done(internal ? 'noted' : 'replied');
    }
    case 'properties': {
      const patch = propertiesPatch(detail, form);
      if (Object.keys(patch).length === 0) return done('unchanged');
      await updateTicket(core, user, number, patch);
      return done('saved');
    }
    case 'assign-me':
      await updateTicket(core, user, number, { assigneeId: user.id });
      return done('assigned');
    case 'parent':
      await setParentTicket(core, user, number, ticketNumber(form, 'parentNumber', t));
      return done('linked');
    case 'detach-parent':
      await setParentTicket(core, user, number, null);
      return done('unlinked');
    case 'add-child':
      await setParentTicket(core, user, ticketNumber(form, 'childNumber', t), number);
      return done('linked');
    case 'detach-child':
      await setParentTicket(core, user, ticketNumber(form, 'childNumber', t), null);
      return done('unlinked');
    case 'problem':
      await linkToProblem(core, user, number, ticketNumber(form, 'problemNumber', t));
      return done('linked');
    case 'unlink-problem':
      await linkToProblem(core, user, number, null);
      return done('unlinked');
    case 'resolve-problem': {
      const { resolvedIncidents } = await resolveProblem(core, user, number, {
        ...(form['resolveRootCause']?.trim() && { rootCause: form['resolveRootCause'] }),
        ...(form['resolveWorkaround']?.trim() && { workaround: form['resolveWorkaround'] }),
        resolveIncidents: form['resolveIncidents'] === 'on',
        message: form['resolveMessage'] ?? '',
      });
      return done('problem-resolved', `&count=${resolvedIncidents.length}`);
    }
    case 'relate':
    case 'unrelate':
      await relateTickets(core, user, number, ticketNumber(form, 'relatedNumber', t), intent === 'relate');
      return done(intent === 'relate' ? 'linked' : 'unlinked');
    case 'merge': {
      const target = ticketNumber(form, 'mergeTarget', t);
      if (form['mergeConfirm'] !== 'on') {
        throw new PorticoError('invalid_input', t('desk.ticket.merge.confirmNeeded'), {
          details: { fields: { mergeConfirm: t('desk.ticket.merge.confirmNeeded') } },
        });
      }
      await mergeTickets(core, user, number, target);
      return `/desk/tickets/${target}?notice=merged&from=${number}`;
    }
    case 'watch':
    case 'unwatch':
      await setWatcher(core, user, number, intent === 'watch' ? user.id : (form['userId'] ?? ''), intent === 'watch');
      return done(intent === 'watch' ? 'watching' : 'unwatched');
    case 'article': {
      const article = await createArticleFromTicket(core, user, number);
      return `/desk/kb/${article.id}?notice=created`;
    }
    default:
      throw new PorticoError('invalid_input', t('desk.ticket.error.unknownAction'));
  }
}
