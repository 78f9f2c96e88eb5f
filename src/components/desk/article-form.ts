import type { Core } from '../../core/context.ts';
import type { Article, ArticleInput, CategoryWithCount } from '../../core/kb/index.ts';
import { getUser, listUsers } from '../../core/users/index.ts';
import type { User } from '../../core/users/index.ts';

/** What the editor's form holds, as the strings the browser posts. */
export interface ArticleFormValues {
  title: string;
  slug: string;
  summary: string;
  categoryId: string;
  /** Comma-separated, as typed. */
  tags: string;
  visibility: string;
  ownerId: string;
  body: string;
}

export function valuesOfArticle(article: Article): ArticleFormValues {
  return {
    title: article.title,
    slug: article.slug,
    summary: article.summary,
    categoryId: article.category.id,
    tags: article.tags.join(', '),
    visibility: article.visibility,
    ownerId: article.ownerId ?? '',
    body: article.body,
  };
}

export function valuesOfForm(form: Record<string, string>): ArticleFormValues {
  return {
    title: form['title'] ?? '',
    slug: form['slug']?.trim() ?? '',
    summary: form['summary'] ?? '',
    categoryId: form['categoryId'] ?? '',
    tags: form['tags'] ?? '',
    visibility: form['visibility'] ?? '',
    ownerId: form['ownerId'] ?? '',
    // Browsers post CRLF line ends; revisions and diffs compare lines, so store LF only.
    body: (form['body'] ?? '').replace(/\r\n?/g, '\n'),
  };
}

/**
 * The core's input from the form: tags split at commas, an empty owner as none. Enumerations are
 * passed through as posted; the core's schema refuses anything else with a message for the field.
 */
export function inputOfValues(values: ArticleFormValues): Omit<ArticleInput, 'status'> {
  return {
    title: values.title,
    ...(values.slug && { slug: values.slug }),
    summary: values.summary,
    categoryId: values.categoryId,
    tags: values.tags
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean),
    visibility: values.visibility as ArticleInput['visibility'],
    ownerId: values.ownerId || null,
    body: values.body,
  };
}

/** Field messages keyed by form field: a message about one tag (`tags.2`) belongs to the tags field. */
export function fieldErrors(fields: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!fields) return undefined;
  const errors: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields)) {
    const field = path.split('.')[0] ?? path;
    errors[field] ??= message;
  }
  return errors;
}

/** Categories in display order with each section right after its category, labelled "Category › Section". */
export function categoryOptions(categories: CategoryWithCount[]): { value: string; label: string }[] {
  const options: { value: string; label: string }[] = [];
  for (const category of categories.filter((c) => !c.parentId)) {
    options.push({ value: category.id, label: category.name });
    for (const section of categories.filter((c) => c.parentId === category.id)) {
      options.push({ value: section.id, label: `${category.name} › ${section.name}` });
    }
  }
  return options;
}

/** Active agents and admins by name, who can own an article; the current owner stays listed if deactivated. */
export async function ownerOptions(
  core: Core,
  actor: User,
  currentOwnerId: string | null,
): Promise<{ value: string; label: string }[]> {
  const staff: User[] = [];
  for (const role of ['agent', 'admin'] as const) {
    for (let offset = 0; ; offset += 200) {
      const { users, total } = await listUsers(core, actor, { role, active: true, limit: 200, offset });
      staff.push(...users);
      if (users.length === 0 || offset + users.length >= total) break;
    }
  }
  if (currentOwnerId && !staff.some((user) => user.id === currentOwnerId)) {
    const owner = await getUser(core, actor, currentOwnerId);
    if (owner) staff.push(owner);
  }
  staff.sort((a, b) => a.name.localeCompare(b.name));
  return staff.map((user) => ({ value: user.id, label: user.name }));
}
