import { z } from 'zod';

const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Use lower-case letters, digits and hyphens, like reset-your-password.')
  .max(80, 'Use at most 80 characters.');

export const tagsSchema = z
  .array(
    z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9][a-z0-9 -]*$/, 'Tags use letters, digits, spaces and hyphens.')
      .max(40, 'A tag has at most 40 characters.'),
  )
  .max(12, 'Use at most 12 tags.')
  .transform((tags) => [...new Set(tags.filter(Boolean))].sort());

const articleFields = {
  title: z.string().trim().min(3, 'Enter a title of at least 3 characters.').max(160, 'Use at most 160 characters.'),
  slug: slugSchema,
  summary: z.string().trim().max(300, 'Use at most 300 characters.'),
  body: z.string().max(200_000, 'An article has at most 200,000 characters.'),
  categoryId: z.string().min(1, 'Choose a category.'),
  tags: tagsSchema,
  visibility: z.enum(['public', 'internal']),
  status: z.enum(['draft', 'published']),
  ownerId: z.string().min(1).nullable(),
  position: z.number().int().min(0).max(10_000),
};

export const articleInputSchema = z.object({
  ...articleFields,
  slug: articleFields.slug.optional(),
  summary: articleFields.summary.default(''),
  body: articleFields.body.default(''),
  tags: articleFields.tags.default([]),
  visibility: articleFields.visibility.default('public'),
  status: articleFields.status.default('draft'),
  ownerId: articleFields.ownerId.default(null),
  position: articleFields.position.default(0),
});
export type ArticleInput = z.input<typeof articleInputSchema>;

/** Without defaults: what a patch leaves out stays as it is. */
export const articlePatchSchema = z
  .strictObject({ ...articleFields, expectedRevision: z.number().int().min(1) })
  .partial();
export type ArticlePatch = z.input<typeof articlePatchSchema>;

export const categoryInputSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name.').max(80, 'Use at most 80 characters.'),
  slug: slugSchema.optional(),
  description: z.string().trim().max(300, 'Use at most 300 characters.').default(''),
  parentId: z.string().min(1).nullable().default(null),
  position: z.number().int().min(0).max(10_000).default(0),
});
export type CategoryInput = z.input<typeof categoryInputSchema>;

export const articleFilterSchema = z.object({
  category: z.string().optional(),
  status: z.enum(['draft', 'published']).optional(),
  visibility: z.enum(['public', 'internal']).optional(),
  tag: z.string().optional(),
  query: z.string().trim().max(200).optional(),
  sort: z.enum(['position', 'updated', 'popular']).default('position'),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).default(0),
});
export type ArticleFilter = z.input<typeof articleFilterSchema>;
