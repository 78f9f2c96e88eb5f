import type { Core } from '../context.ts';
import { PorticoError } from '../errors.ts';
import type { Article } from '../kb/index.ts';
import { createArticle, listCategories } from '../kb/index.ts';
import type { Actor } from '../users/index.ts';
import { assertStaff } from '../users/index.ts';
import { loadVisibleTicket } from './access.ts';
import { listMessages } from './messages.ts';
import { ticketReference } from './ticket.ts';

/**
 * Turns a resolved ticket's question and the desk's public answers into a draft knowledge-base
 * article for an agent to edit. Internal notes and the customer's identity are left out.
 * @example
 * const draft = await createArticleFromTicket(core, agent, 1042, { categoryId });
 */
export async function createArticleFromTicket(
  core: Core,
  actor: Actor | null,
  number: number,
  options: { categoryId?: string } = {},
): Promise<Article> {
  assertStaff(actor);
  const ticket = await loadVisibleTicket(core, actor, number);
  if (ticket.status !== 'resolved' && ticket.status !== 'closed') {
    throw new PorticoError('conflict', 'Only a resolved ticket can become an article.', {
      hint: 'Resolve the ticket first, so the article holds a proven answer.',
    });
  }
  const categoryId = options.categoryId ?? (await listCategories(core, actor))[0]?.id;
  if (!categoryId) {
    throw new PorticoError('conflict', 'The knowledge base has no category yet.', {
      hint: 'An administrator can add one under Knowledge base → Categories.',
    });
  }
  const answers = (await listMessages(core.db, ticket.id, false)).filter(
    (message) => message.authorRole === 'agent' || message.authorRole === 'admin',
  );
  const body = [
    '## The question',
    '',
    ticket.description,
    '',
    '## The answer',
    '',
    answers.map((message) => message.body).join('\n\n') || '_Write the answer here._',
    '',
  ].join('\n');
  return createArticle(core, actor, {
    title: ticket.subject.slice(0, 160),
    summary: `Drafted from ${ticketReference(Number(ticket.number))}.`.slice(0, 300),
    body,
    categoryId,
    status: 'draft',
    visibility: 'internal',
  });
}
