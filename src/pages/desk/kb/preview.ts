import { z } from 'zod';
import { PorticoError } from '../../../core/errors.ts';
import { renderArticle } from '../../../core/kb/index.ts';
import { isStaff } from '../../../core/users/index.ts';
import { apiHandler, json, methodNotAllowed, readJson, requireApiUser } from '../../../server/api.ts';

const previewSchema = z.object({
  body: z.string().max(200_000, 'An article has at most 200,000 characters.'),
});

/**
 * The editor's live preview: markdown in, `{ html, toc }` out, rendered exactly as a saved revision is.
 * Staff only (others get the 404 the desk pages give them); the session cookie authenticates, and the
 * middleware's same-origin check guards it like any form post.
 */
export const POST = apiHandler(async (context) => {
  const user = requireApiUser(context);
  if (!isStaff(user)) throw new PorticoError('not_found', 'Not found.');
  const { body } = await readJson(context, previewSchema);
  const { html, toc } = renderArticle(body);
  return json({ html, toc });
});

export const ALL = methodNotAllowed;
