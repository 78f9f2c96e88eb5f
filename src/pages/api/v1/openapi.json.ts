import type { APIRoute } from 'astro';
import { json, methodNotAllowed } from '../../../server/api.ts';
import { buildOpenApiDocument } from '../../../server/api-routes.ts';

export const GET: APIRoute = ({ locals }) => json(buildOpenApiDocument(locals.core.config.publicUrl.origin));

export const ALL = methodNotAllowed;
