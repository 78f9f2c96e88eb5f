import type { Core } from '../context.ts';
import { getSettings } from '../settings/index.ts';
import type { Actor } from '../users/index.ts';
import { assertAdmin } from '../users/index.ts';
import { fillTemplate, finishSubject } from './render.ts';
import { checkTemplateInput, loadTemplate, templateNotFound } from './template-store.ts';
import type { TemplateInput } from './template-store.ts';
import { defaultTemplates, isTemplateKey } from './templates.ts';

/** A template rendered from sample data: the stored one, or the subject and text given (not saved). */
export async function previewNotificationTemplate(
  core: Core,
  actor: Actor | null,
  key: string,
  raw?: TemplateInput,
): Promise<{ subject: string; text: string }> {
  assertAdmin(actor);
  if (!isTemplateKey(key)) throw templateNotFound(key);
  const template = raw ? checkTemplateInput(key, raw) : await loadTemplate(core.db, key);
  const audience = defaultTemplates[key].audience;
  const path = audience === 'customer' ? '/requests/1042' : '/desk/tickets/1042';
  const values = {
    'ticket.reference': 'PT-1042',
    'ticket.subject': 'VPN drops every few minutes',
    'ticket.status': 'open',
    'ticket.priority': 'P2',
    'requester.name': 'Casey Customer',
    'recipient.name': audience === 'customer' ? 'Casey Customer' : 'Sam Support',
    'message.author': audience === 'customer' ? 'Sam Support' : 'Casey Customer',
    'message.body': 'Could you restart the router and tell us whether the drops continue?',
    link: new URL(path, core.config.publicUrl).href,
    'portal.name': (await getSettings(core.db)).organisationName,
    'sla.target': 'first response',
    'sla.due': formatDue(new Date('2026-11-24T11:00:00Z')),
  };
  return {
    subject: finishSubject(fillTemplate(template.subject, values), 'PT-1042'),
    text: fillTemplate(template.text, values),
  };
}

/** How due times read in mail: unambiguous, with the time zone. */
export function formatDue(due: Date): string {
  return `${new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(due)} UTC`;
}
