import type { FileStream } from '../../core/files/index.ts';

export function notFound(): Response {
  return new Response('Not found\n', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

/** A stored .eml as a download only: never rendered by the browser, whatever it contains. */
export async function emlResponse(
  file: { fileName: string; open(): Promise<FileStream | undefined> } | undefined,
): Promise<Response> {
  const content = await file?.open();
  if (!file || !content) return notFound();
  return new Response(content.body, {
    headers: {
      'Content-Type': 'message/rfc822',
      ...(content.size !== null && { 'Content-Length': String(content.size) }),
      'Content-Disposition': `attachment; filename="${file.fileName.replace(/[^\w.-]/g, '_')}"`,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, no-store',
    },
  });
}
