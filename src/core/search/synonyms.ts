/**
 * Synonyms: groups of words and phrases that mean the same to the people asking. Agents manage the
 * list; this file ships the starter list and the expansion both engines use.
 */

import { normaliseQuery, queryWords } from './query.ts';

/**
 * The starter list for an IT and customer-service help centre. Each group is symmetric: any member
 * finds the others. Members are matched after normalisation, so `wi-fi` also catches `wi fi`.
 */
export const starterSynonyms: string[][] = [
  ['vpn', 'remote access', 'globalprotect', 'global protect'],
  ['laptop', 'notebook', 'computer', 'pc', 'macbook'],
  ['phone', 'mobile', 'cell', 'cellphone', 'iphone', 'android', 'smartphone'],
  ['email', 'e-mail', 'mail', 'outlook', 'inbox', 'mailbox'],
  ['password', 'passcode', 'passphrase', 'credentials', 'pwd'],
  ['mfa', '2fa', 'two factor', 'two-step', 'multi-factor', 'okta verify', 'authenticator'],
  ['printer', 'printing', 'print'],
  ['invoice', 'bill', 'receipt', 'statement'],
  ['refund', 'money back', 'reimburse', 'reimbursement'],
  ['chargeback', 'dispute'],
  ['wifi', 'wi-fi', 'wireless', 'wlan'],
  ['sign in', 'log in', 'login', 'logon', 'log on', 'signin', 'sign on'],
  ['sign out', 'log out', 'logout', 'signout'],
  ['touch id', 'fingerprint', 'biometric', 'biometrics', 'windows hello', 'face id'],
  ['install', 'setup', 'set up', 'download'],
  ['uninstall', 'remove', 'delete'],
  ['locked out', 'lockout', 'locked', 'unlock'],
  ['forgot', 'forgotten', 'reset'],
  ['monitor', 'screen', 'display'],
  ['slow', 'lag', 'laggy', 'sluggish', 'buffering'],
  ['internet', 'connection', 'network', 'broadband'],
  ['disconnect', 'disconnecting', 'disconnects', 'drops', 'dropping', 'dropped'],
  ['sync', 'syncing', 'synchronise', 'synchronize', 'updating', 'refresh'],
  ['payment', 'card', 'credit card', 'debit card', 'pay'],
  ['charged twice', 'double charged', 'duplicate charge'],
  ['cancel', 'cancellation', 'terminate', 'close account'],
  ['address', 'billing address', 'postal address'],
  ['tax', 'vat', 'sales tax', 'gst'],
  ['out of office', 'ooo', 'automatic reply', 'automatic replies', 'auto reply', 'vacation reply', 'away message'],
  ['phishing', 'scam', 'suspicious email', 'spam', 'fake email'],
  ['storage', 'quota', 'space', 'full'],
  ['onboarding', 'new starter', 'new hire', 'first day', 'joining'],
  ['offboarding', 'leaving', 'last day', 'resign', 'resignation', 'quit'],
  ['software', 'app', 'application', 'program', 'apps'],
  ['office', 'microsoft 365', 'office 365', 'm365', 'o365'],
  ['activation', 'activate', 'unlicensed', 'license', 'licence'],
  ['turn on', 'power on', 'boot', 'start up'],
  ['charge', 'charging', 'charger', 'battery'],
  ['zoom', 'video call', 'video meeting', 'webinar'],
  ['slack', 'chat', 'messaging'],
  ['stolen', 'lost laptop', 'theft'],
  ['wipe', 'erase', 'factory reset'],
  ['error', 'error message', 'error code', 'fails', 'failed', 'failing'],
];

/** One query term (or several that together form a synonym phrase) with what may stand in for it. */
export interface ExpandedTerm {
  /** The query word, or the words of a multi-word synonym found in the query, joined by a space. */
  term: string;
  /** How many query terms this stands for (more than one for a phrase like `remote access`). */
  span: number;
  /**
   * A single-word term itself first, then the members of its synonym groups: each a single word or a
   * space-separated phrase, folded like a query (stop words kept inside phrases: they are part of the
   * wording).
   */
  alternatives: string[];
}

/** Synonym groups prepared for lookups; build once with compileSynonyms and reuse. */
export interface CompiledSynonyms {
  /** Folded members of each group. */
  groups: string[][];
  /** A member's key (its meaningful words, as normaliseQuery leaves them) → indexes of its groups. */
  keys: Map<string, number[]>;
  /** The longest key, in words. */
  longest: number;
}

/**
 * Cleans a synonym list as agents typed it: folds each member, drops empty members, repeats and
 * groups of fewer than two members.
 * @example
 * cleanSynonyms([['VPN', ' Remote  access', 'vpn'], ['lonely']]); // [['vpn', 'remote access']]
 */
export function cleanSynonyms(groups: string[][]): string[][] {
  const cleaned: string[][] = [];
  for (const group of groups) {
    const members = [...new Set(group.map((member) => queryWords(member).join(' ')).filter(Boolean))];
    if (members.length >= 2) cleaned.push(members);
  }
  return cleaned;
}

/**
 * Prepares synonym groups for expandTerms.
 * @example
 * const synonyms = compileSynonyms(starterSynonyms);
 */
export function compileSynonyms(groups: string[][]): CompiledSynonyms {
  const cleaned = cleanSynonyms(groups);
  const keys = new Map<string, number[]>();
  let longest = 1;
  cleaned.forEach((members, index) => {
    for (const member of members) {
      const key = normaliseQuery(member).terms;
      if (key.length === 0) continue;
      longest = Math.max(longest, key.length);
      const joined = key.join(' ');
      const found = keys.get(joined) ?? [];
      if (!found.includes(index)) found.push(index);
      keys.set(joined, found);
    }
  });
  return { groups: cleaned, keys, longest };
}

/**
 * For each query term, the words and phrases that may stand in for it. Multi-word synonyms are found
 * in the query longest first (`remote access` → one term with `vpn` among its alternatives); a term
 * in no group stands for itself alone.
 * @example
 * expandTerms(['remote', 'access', 'slow'], [['vpn', 'remote access'], ['slow', 'laggy']]);
 * // [{ term: 'remote access', span: 2, alternatives: ['remote access', 'vpn'] },
 * //  { term: 'slow', span: 1, alternatives: ['slow', 'laggy'] }]
 */
export function expandTerms(terms: string[], synonyms: string[][] | CompiledSynonyms): ExpandedTerm[] {
  const compiled = Array.isArray(synonyms) ? compileSynonyms(synonyms) : synonyms;
  const expanded: ExpandedTerm[] = [];
  let position = 0;
  while (position < terms.length) {
    let matched: ExpandedTerm | undefined;
    for (let span = Math.min(compiled.longest, terms.length - position); span >= 1 && !matched; span--) {
      const term = terms.slice(position, position + span).join(' ');
      const groups = compiled.keys.get(term);
      if (!groups) continue;
      // The words as typed come first when they are a member; a phrase found through its meaningful
      // words only ("out office") is represented by the members as written ("out of office").
      const written = span === 1 || groups.some((index) => compiled.groups[index]!.includes(term));
      const alternatives = new Set(written ? [term] : []);
      for (const index of groups) for (const member of compiled.groups[index]!) alternatives.add(member);
      matched = { term, span, alternatives: [...alternatives] };
    }
    matched ??= { term: terms[position]!, span: 1, alternatives: [terms[position]!] };
    expanded.push(matched);
    position += matched.span;
  }
  return expanded;
}
