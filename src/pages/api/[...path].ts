import type { APIRoute } from 'astro';
import { jsonError } from '../../server/api.ts';

/** Unknown API paths and methods answer in the API's error shape, not with the HTML 404 page. */
export const ALL: APIRoute = ({ request, url }) =>
  jsonError(404, 'not_found', `No API operation ${request.method} ${url.pathname}. See /api/v1/openapi.json.`);
