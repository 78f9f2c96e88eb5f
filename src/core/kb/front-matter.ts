import { parse } from 'yaml';
import { z } from 'zod';
import { tagsSchema } from './schemas.ts';

export const frontMatterSchema = z.object({
  title: z.string().trim().min(3, 'title: at least 3 characters').max(160, 'title: at most 160 characters'),
  summary: z.string().trim().max(300, 'summary: at most 300 characters').default(''),
  tags: tagsSchema.default([]),
  visibility: z.enum(['public', 'internal']).default('public'),
  order: z.number().int().min(0).max(10_000).default(0),
});
export type FrontMatter = z.infer<typeof frontMatterSchema>;

/**
 * Splits a Markdown file into its YAML front matter (validated) and body.
 * Returns the problem as a string when the file cannot be used, so sync can report it and go on.
 */
export function parseArticleFile(text: string): { frontMatter: FrontMatter; body: string } | { problem: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text.replace(/^\uFEFF/, ''));
  if (!match) return { problem: 'no front matter: the file must start with a --- block holding at least a title' };
  let data: unknown;
  try {
    data = parse(match[1] ?? '');
  } catch (error) {
    return {
      problem: `front matter is not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    };
  }
  const parsed = frontMatterSchema.safeParse(data ?? {});
  if (!parsed.success) return { problem: parsed.error.issues.map((issue) => issue.message).join('; ') };
  return { frontMatter: parsed.data, body: (match[2] ?? '').trim() + '\n' };
}
