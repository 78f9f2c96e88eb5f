/** The id a request is logged and answered under: the one the client (or its proxy) offered when it is sane, else a new one. */
export function requestIdFor(offered: string | string[] | null | undefined): string {
  return typeof offered === 'string' && /^[\w.-]{8,64}$/.test(offered) ? offered : crypto.randomUUID();
}
