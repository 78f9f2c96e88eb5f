import fs from 'node:fs';
import { Readable } from 'node:stream';

export function notFound(): Response {
  return new Response('Not found\n', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

/** A stored .eml as a download only: never rendered by the browser, whatever it contains. */
export async function emlResponse(file: { path: string; fileName: string } | undefined): Promise<Response> {
  if (!file) return notFound();
  const stat = await fs.promises.stat(file.path).catch(() => undefined);
  if (!stat) return notFound();
  return new Response(Readable.toWeb(fs.createReadStream(file.path)) as ReadableStream<Uint8Array>, {
    headers: {
      'Content-Type': 'message/rfc822',
      'Content-Length': String(stat.size),
      'Content-Disposition': `attachment; filename="${file.fileName.replace(/[^\w.-]/g, '_')}"`,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, no-store',
    },
  });
}
