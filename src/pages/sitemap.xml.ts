import type { APIRoute } from 'astro';
import { listArticles, listCategories } from '../core/kb/index.ts';
import type { Article } from '../core/kb/index.ts';

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[c]};`);
}

function entry(url: URL, lastModified?: Date): string {
  const lastmod = lastModified ? `<lastmod>${lastModified.toISOString()}</lastmod>` : '';
  return `  <url><loc>${escapeXml(url.href)}</loc>${lastmod}</url>`;
}

/**
 * The public knowledge base for search engines: the help centre, its categories with published public
 * articles, and those articles. It is built as an anonymous reader, so nothing internal or draft is listed.
 */
export const GET: APIRoute = async ({ locals }) => {
  const { core } = locals;
  const base = core.config.publicUrl;
  const articles: Article[] = [];
  for (let offset = 0; ; offset += 200) {
    const page = await listArticles(core, null, { limit: 200, offset });
    articles.push(...page.articles);
    if (page.articles.length < 200 || articles.length >= page.total) break;
  }
  const categories = await listCategories(core, null);
  // A category is listed when it, or one of its sections, holds a public article.
  const withArticles = new Set(
    categories.filter((category) => category.articleCount > 0).flatMap((category) => [category.id, category.parentId]),
  );
  const lines = [
    entry(new URL('/kb', base)),
    ...categories
      .filter((category) => withArticles.has(category.id))
      .map((category) => entry(new URL(`/kb/${category.slug}`, base))),
    ...articles.map((article) =>
      entry(new URL(`/kb/${article.category.slug}/${article.slug}`, base), article.updatedAt),
    ),
  ];
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${lines.join('\n')}\n</urlset>\n`;
  return new Response(xml, {
    headers: { 'Content-Type': 'application/xml; charset=utf-8', 'Cache-Control': 'public, max-age=600' },
  });
};
