import type { APIRoute } from 'astro';
import { getSettings } from '../core/settings/index.ts';

/** Black or white, whichever reads better on the brand colour (WCAG relative luminance). */
function contrastingText(hex: string): string {
  const channels = [1, 3, 5].map((start) => {
    const value = parseInt(hex.slice(start, start + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * channels[0]! + 0.7152 * channels[1]! + 0.0722 * channels[2]!;
  return luminance > 0.179 ? '#000000' : '#ffffff';
}

/** The organisation's brand colour as CSS custom properties, so no page needs an inline style. */
export const GET: APIRoute = async ({ locals }) => {
  const { brandColor } = await getSettings(locals.core.db);
  const css = `:root{--brand:${brandColor};--brand-contrast:${contrastingText(brandColor)}}\n`;
  return new Response(css, { headers: { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-cache' } });
};
