const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether an unsafe request comes from another site. Browsers send `Sec-Fetch-Site` or `Origin` on every
 * cross-site POST; a request with neither is not a browser's, so it cannot ride on a victim's cookie.
 * Same-origin means the portal's public origin or the origin the browser itself addressed (Host).
 */
export function isCrossSiteRequest(request: Request, publicOrigin: string): boolean {
  if (safeMethods.has(request.method)) return false;
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite === 'same-origin' || fetchSite === 'none') return false;
  if (fetchSite === 'cross-site' || fetchSite === 'same-site') return true;
  const origin = request.headers.get('origin');
  if (origin === null) return false;
  if (origin === publicOrigin) return false;
  const host = request.headers.get('host');
  const requestOrigin = new URL(request.url);
  return !(host && origin === `${requestOrigin.protocol}//${host}`);
}
