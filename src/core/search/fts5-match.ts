/**
 * FTS5 query text for the FTS5 engine: the query's term groups and the filters every query carries,
 * written in FTS5's MATCH syntax.
 */

import type { SearchDocument, SearchQuery } from './engine.ts';
import type { Alternative, TermGroup } from './plan.ts';

const textColumns = '{title summary tags body}';
/** The columns whose matches count most (see plan.ts fieldWeights): a match there must not be missed. */
export const headColumns = '{title summary tags}';

/**
 * The filter tokens of a document, matched inside MATCH (see restrict): they mark the few documents a
 * query must leave out (hidden from customers, drafts) rather than the many it keeps, so that a filter
 * costs a walk through a short list.
 */
export function facetTokens(document: SearchDocument): string {
  const tokens = [categoryToken(document.categorySlug)];
  if (document.status !== 'published') tokens.push('zzdraft');
  if (document.status !== 'published' || document.visibility !== 'public') tokens.push('zzhidden');
  return tokens.join(' ');
}

function categoryToken(slug: string): string {
  return `zzcat${Buffer.from(slug, 'utf8').toString('hex')}q`;
}

/**
 * Restricts a user expression to the text columns and applies the filters every query carries: anyone
 * but staff sees published public articles only; staff see drafts only when they ask.
 */
export function restrict(expression: string, query: SearchQuery): string {
  let match = `${textColumns}: (${expression})`;
  if (query.category) match = `(${match}) AND {filters}: "${categoryToken(query.category)}"`;
  if (query.audience !== 'staff') match = `(${match}) NOT {filters}: "zzhidden"`;
  else if (query.includeDrafts !== true) match = `(${match}) NOT {filters}: "zzdraft"`;
  return match;
}

/**
 * One alternative in FTS5 query syntax: always a quoted string, so nothing typed is read as an
 * operator, prefix, column filter or NEAR group (words hold only letters and digits anyway).
 */
export function matchAlternative(alternative: Alternative): string {
  return `"${alternative.words.join(' ').replaceAll('"', '""')}"`;
}

export function matchGroup(group: TermGroup): string {
  const alternatives = group.alternatives.map(matchAlternative);
  return alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(' OR ')})`;
}

export function matchAll(groups: TermGroup[]): string {
  return groups.map(matchGroup).join(' AND ');
}

export function matchAny(groups: TermGroup[]): string {
  return groups.map(matchGroup).join(' OR ');
}
