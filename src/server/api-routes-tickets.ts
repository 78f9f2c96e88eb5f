import { z } from 'zod';
import {
  newTicketSchema,
  replySchema,
  ticketFilterSchema,
  ticketPageSchema,
  ticketPatchSchema,
} from '../core/tickets/index.ts';
import type { ApiOperation } from './api-routes.ts';
import {
  ticketAttachmentResource,
  ticketDetailResource,
  ticketHistoryEntryResource,
  ticketMessageResource,
  ticketResource,
} from './api-schemas-tickets.ts';

/** The query of GET /tickets: the desk's filters and a page (cursor from the previous answer, limit). */
export const listTicketsQuery = ticketFilterSchema.extend(ticketPageSchema.shape);

const multipartNote =
  'Also accepts multipart/form-data with the same names as text parts and files as "attachments" parts';

/** The tickets REST API; spread into `apiOperations`, from which the OpenAPI document is generated. */
export const ticketApiOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/tickets',
    summary:
      'List the tickets the caller may see (customers: their own and, where their organisation shares requests, its), ' +
      'newest activity first; pass nextCursor back as cursor for the next page. status and priority take comma lists.',
    audience: 'user',
    query: listTicketsQuery,
    response: z.object({
      tickets: z.array(ticketResource),
      nextCursor: z.string().nullable().meta({ description: 'null on the last page' }),
    }),
    errors: ['422'],
  },
  {
    method: 'post',
    path: '/tickets',
    summary:
      'Open a ticket from a request type\'s form (channel defaults to "api"). Customers open their own; agents ' +
      `may open for someone else and set priority, group, assignee and tags. ${multipartNote}; ` +
      'form answers as "fields.<id>" parts (files of file fields too).',
    audience: 'user',
    body: newTicketSchema,
    response: z.object({ ticket: ticketResource }),
    status: 201,
    errors: ['403', '413', '422'],
  },
  {
    method: 'get',
    path: '/tickets/{number}',
    summary:
      'One ticket (number as 1042 or PT-1042) with its conversation, attachments and links. Customers see no ' +
      'internal notes or their files, and no watchers.',
    audience: 'user',
    response: ticketDetailResource,
    errors: ['404'],
  },
  {
    method: 'patch',
    path: '/tickets/{number}',
    summary:
      'Change a ticket (agents and admins); customers may only send {"status":"resolved"} for their own request.',
    audience: 'user',
    body: ticketPatchSchema,
    response: z.object({ ticket: ticketResource }),
    errors: ['403', '404', '409', '422'],
  },
  {
    method: 'post',
    path: '/tickets/{number}/messages',
    summary: `Reply to a ticket, or (agents and admins) add an internal note. ${multipartNote}.`,
    audience: 'user',
    body: replySchema,
    response: z.object({ message: ticketMessageResource, attachments: z.array(ticketAttachmentResource) }),
    status: 201,
    errors: ['403', '404', '409', '413', '422'],
  },
  {
    method: 'get',
    path: '/tickets/{number}/history',
    summary: "A ticket's audit history, oldest first (agents and admins; customers get 404)",
    audience: 'staff',
    response: z.object({ entries: z.array(ticketHistoryEntryResource) }),
    errors: ['404'],
  },
  {
    method: 'post',
    path: '/tickets/{number}/attachments',
    summary:
      'Attach files to a ticket: multipart/form-data with "attachments" file parts (at most 10, 10 MiB each), an ' +
      'optional "body" (default "Attached N file(s).") and, for agents, "internal" (true for an internal note)',
    audience: 'user',
    response: z.object({ attachments: z.array(ticketAttachmentResource) }),
    status: 201,
    errors: ['403', '404', '409', '413', '422'],
  },
  {
    method: 'get',
    path: '/tickets/{number}/attachments/{id}',
    summary: 'Download an attachment (always as a download, never rendered inline)',
    audience: 'user',
    response: z.string().meta({ format: 'binary', description: 'The file, with its Content-Type' }),
    errors: ['404'],
  },
];
