import fs from 'node:fs';
import path from 'node:path';
import { apiOperations } from '../../../src/server/api-routes.ts';
import { projectRoot } from '../../e2e/helpers/server.ts';

function filesUnder(directory: string): string[] {
  if (!fs.existsSync(directory)) return [];
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    // Names starting with "_" are private to Astro: partials and helpers, never routes.
    if (entry.name.startsWith('_')) return [];
    const full = path.join(directory, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

/** A page file's route pattern as Astro builds it: `requests/[number].astro` → `/requests/[number]`. */
function routeOf(relative: string): string | null {
  if (!/\.(astro|ts)$/.test(relative) || relative.endsWith('.d.ts')) return null;
  const withoutExtension = relative
    .replace(/\.(astro|ts)$/, '')
    .split(path.sep)
    .join('/');
  const route = `/${withoutExtension}`.replace(/\/index$/, '');
  return route === '' ? '/' : route;
}

/**
 * Every route on disk: src/pages (API files included; each must be described by an operation) and the
 * installed plugins' pages under /plugins/<id>/.
 */
export function pageRoutes(): string[] {
  const pages = path.join(projectRoot, 'src/pages');
  const routes = filesUnder(pages).map((file) => routeOf(path.relative(pages, file)));
  for (const plugin of fs.readdirSync(path.join(projectRoot, 'plugins'), { withFileTypes: true })) {
    if (!plugin.isDirectory()) continue;
    const directory = path.join(projectRoot, 'plugins', plugin.name, 'pages');
    for (const file of filesUnder(directory)) {
      const route = routeOf(path.relative(directory, file));
      if (route) routes.push(route === '/' ? `/plugins/${plugin.name}` : `/plugins/${plugin.name}${route}`);
    }
  }
  return [...new Set(routes.filter((route): route is string => route !== null))].sort();
}

/** `GET /tickets/{number}` for every REST operation. */
export function apiRoutes(): string[] {
  return apiOperations.map((operation) => `${operation.method.toUpperCase()} ${operation.path}`);
}

/**
 * Whether an API file on disk serves some operation: `/api/v1/plugins/[id]/[action]` serves
 * `/plugins/{id}/enable` (a bracketed segment stands for any one segment).
 */
export function servesAnOperation(fileRoute: string): boolean {
  const pattern = new RegExp(`^${fileRoute.replace(/\[\w+\]/g, '[^/]+')}$`);
  return apiOperations.some((operation) => pattern.test(`/api/v1${operation.path}`));
}
