import type { InboundMail } from './parse.ts';

/** Why a message is recorded but never answered nor turned into a ticket; undefined when it is a person's mail. */
export type Automatic = { outcome: 'bounce' | 'auto_reply' | 'loop'; reason: string };

function first(mail: InboundMail, name: string): string | undefined {
  return mail.headers.get(name)?.[0]?.trim();
}

const outOfOfficeSubject =
  /^(out of (the )?office|automatic reply|auto(matic)?[- ]?reply|auto:|abwesenheit|réponse automatique)/i;

/**
 * Tells bounces, out-of-office replies and other automatic mail (which must never be answered, nor
 * open or reopen tickets: that is how mail loops start) from mail a person wrote.
 * @example
 * classifyAutomatic(mail)?.outcome; // 'bounce' for a delivery status report
 */
export function classifyAutomatic(mail: InboundMail): Automatic | undefined {
  const local = mail.from?.address.split('@')[0] ?? '';
  if (mail.contentType.startsWith('multipart/report')) return { outcome: 'bounce', reason: 'delivery report' };
  if (/^(mailer-daemon|postmaster)$/i.test(local)) return { outcome: 'bounce', reason: `from ${local}` };
  const returnPath = mail.headers.get('return-path');
  if (returnPath?.some((value) => value.replace(/\s/g, '') === '<>')) {
    return { outcome: 'bounce', reason: 'empty Return-Path' };
  }
  const autoSubmitted = first(mail, 'auto-submitted')?.toLowerCase();
  if (
    autoSubmitted?.startsWith('auto-replied') ||
    mail.headers.has('x-autoreply') ||
    mail.headers.has('x-autorespond') ||
    outOfOfficeSubject.test(mail.subject)
  ) {
    return { outcome: 'auto_reply', reason: 'automatic reply (out of office)' };
  }
  if (autoSubmitted && autoSubmitted !== 'no') return { outcome: 'loop', reason: `Auto-Submitted: ${autoSubmitted}` };
  const precedence = first(mail, 'precedence')?.toLowerCase();
  if (precedence && ['bulk', 'junk', 'list'].includes(precedence)) {
    return { outcome: 'loop', reason: `Precedence: ${precedence}` };
  }
  if (mail.headers.has('x-auto-response-suppress')) return { outcome: 'loop', reason: 'X-Auto-Response-Suppress' };
  return undefined;
}
