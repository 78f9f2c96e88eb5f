import { z } from 'zod';
import type { Core } from '../context.ts';
import { newId, nowStored } from '../db/values.ts';
import { starterSynonyms } from '../search/index.ts';
import type { Actor } from '../users/index.ts';
import { assertStaff } from '../users/index.ts';
import { parseInput } from '../validation.ts';

export const synonymGroupsSchema = z
  .array(
    z
      .array(z.string().trim().toLowerCase().min(1).max(60, 'A synonym has at most 60 characters.'))
      .transform((terms) => [...new Set(terms)])
      .refine((terms) => terms.length >= 2, 'A group needs at least two different words.'),
  )
  .max(500, 'Use at most 500 groups.');

/** Rows whose times follow the groups' order (a millisecond apart), so they list back in that order. */
function rowsInOrder(groups: string[][]) {
  const base = Date.now();
  return groups.map((terms, index) => ({
    id: newId(),
    terms: JSON.stringify(terms),
    created_at: new Date(base + index).toISOString(),
  }));
}

/** The synonym groups both engines use, in the order they were saved. */
export async function listSynonymGroups(core: Core): Promise<string[][]> {
  const rows = await core.db.selectFrom('kb_synonyms').select('terms').orderBy('created_at').orderBy('id').execute();
  return rows.map((row) => JSON.parse(row.terms) as string[]);
}

/**
 * Replaces every synonym group (agents and admins) and hands them to the engines.
 * @example
 * await replaceSynonymGroups(core, agent, [['vpn', 'remote access']]);
 */
export async function replaceSynonymGroups(core: Core, actor: Actor | null, groups: string[][]): Promise<string[][]> {
  assertStaff(actor);
  const data = parseInput(synonymGroupsSchema, groups);
  await core.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('kb_synonyms').execute();
    if (data.length > 0) await trx.insertInto('kb_synonyms').values(rowsInOrder(data)).execute();
  });
  await core.search.setSynonyms(data);
  return data;
}

/**
 * Loads the stored synonyms into the engines; a portal that never had any gets the starter list
 * (recorded in settings, so a list an agent emptied on purpose stays empty).
 */
export async function applyStoredSynonyms(core: Core): Promise<void> {
  const seeded = await core.db
    .selectFrom('settings')
    .select('key')
    .where('key', '=', 'kb.synonyms.seeded')
    .executeTakeFirst();
  if (!seeded) {
    await core.db.transaction().execute(async (trx) => {
      await trx.insertInto('kb_synonyms').values(rowsInOrder(starterSynonyms)).execute();
      await trx
        .insertInto('settings')
        .values({ key: 'kb.synonyms.seeded', value: 'true', updated_at: nowStored() })
        .execute();
    });
  }
  await core.search.setSynonyms(await listSynonymGroups(core));
}
