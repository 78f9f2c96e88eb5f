/** Values for a template's placeholders, by name ('ticket.reference' → 'PT-1042'). */
export type TemplateValues = Record<string, string>;

const placeholderPattern = /\{\{\s*([a-zA-Z][\w.]*)\s*\}\}/g;

/** The placeholder names a template text uses, each once, in order of first use. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(placeholderPattern)].map((match) => match[1]!))];
}

/** Placeholders used in the text that are not in the allowed list. */
export function unknownPlaceholders(text: string, allowed: readonly string[]): string[] {
  return placeholdersIn(text).filter((name) => !allowed.includes(name));
}

/** Fills `{{name}}` placeholders from values; a name without a value becomes empty text. */
export function fillTemplate(text: string, values: TemplateValues): string {
  return text.replace(placeholderPattern, (_, name: string) => values[name] ?? '');
}

/**
 * A subject as sent: one line, and always carrying the ticket's reference in brackets, so replies
 * thread and mail ingest finds the ticket even if an admin's template left it out.
 */
export function finishSubject(subject: string, reference: string): string {
  const line = subject.replace(/[\r\n]+/g, ' ').trim();
  return line.includes(`[${reference}]`) ? line : `[${reference}] ${line}`.trim();
}
