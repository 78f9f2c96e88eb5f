import type { APIContext } from 'astro';
import { PorticoError } from '../../../../core/errors.ts';
import { parseTicketReference } from '../../../../core/tickets/index.ts';
import { isBodyLimitError } from '../../../../server/body-limit.ts';

/** The ticket number in the path ("1042" or "PT-1042"); anything else is a ticket that does not exist. */
export function ticketNumberFrom(context: APIContext): number {
  const raw = context.params['number'] ?? '';
  const number = parseTicketReference(raw);
  if (number === undefined) {
    throw new PorticoError('not_found', `No ticket ${raw.slice(0, 40)}.`, {
      hint: 'Use a number like 1042 or PT-1042.',
    });
  }
  return number;
}

export function noSuchTicket(number: number): PorticoError {
  return new PorticoError('not_found', `No ticket PT-${number}.`, { hint: 'Check the number.' });
}

/** Whether the body is a form (multipart, or urlencoded without files) rather than JSON. */
export function isFormBody(context: APIContext): boolean {
  const type = (context.request.headers.get('content-type') ?? '').toLowerCase();
  return type.startsWith('multipart/form-data') || type.startsWith('application/x-www-form-urlencoded');
}

/** The posted form; a malformed one is a 4xx, never a 500. */
export async function readFormBody(context: APIContext): Promise<FormData> {
  if (!isFormBody(context)) {
    throw new PorticoError('invalid_input', 'Send the body as multipart/form-data.', {
      hint: 'Attach files as "attachments" parts.',
    });
  }
  try {
    return await context.request.formData();
  } catch (error) {
    if (isBodyLimitError(error)) throw new PorticoError('payload_too_large', 'The body is larger than 25 MiB.');
    throw new PorticoError('invalid_input', 'The body is not a valid multipart/form-data form.');
  }
}

/** The text parts of a form, except the ones named; a file sent under another name is refused. */
export function textParts(data: FormData, fileNames: (name: string) => boolean): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, entry] of data) {
    if (typeof entry === 'string') {
      if (!fileNames(name)) values[name] = entry;
    } else if (!fileNames(name)) {
      throw new PorticoError('invalid_input', `"${name}" cannot be a file.`, {
        details: { fields: { [name]: 'Send files as "attachments".' } },
      });
    }
  }
  return values;
}

/** A form's yes/no: the usual words become booleans; anything else is left for the schema to refuse. */
export function formBoolean(value: string | undefined): boolean | string | undefined {
  if (value === undefined) return undefined;
  const word = value.trim().toLowerCase();
  if (['true', 'on', '1', 'yes'].includes(word)) return true;
  if (['false', 'off', '0', 'no', ''].includes(word)) return false;
  return value;
}
