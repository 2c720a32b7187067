/*
 * Query strings without `URL` and `URLSearchParams`, whose React Native versions lack parts of the WHATWG API:
 * the sign-in builds and reads its addresses with these on every platform.
 */

/** The part of `URLSearchParams` a sign-in callback is read through. */
export interface QueryParams {
  get(name: string): string | null;
  has(name: string): boolean;
}

/** `application/x-www-form-urlencoded` text of `fields`, as a query string or a token request's body. */
export function formEncode(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
}

/** `url` with `fields` added to its query string (before any `#fragment`). */
export function withQuery(url: string, fields: Record<string, string>): string {
  const hash = url.indexOf('#');
  const [base, fragment] = hash >= 0 ? [url.slice(0, hash), url.slice(hash)] : [url, ''];
  const query = formEncode(fields);
  if (!query) return url;
  return `${base}${base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?'}${query}${fragment}`;
}

/** The query of `url` (or a bare `?a=b` / `a=b` string), the first value of each name. */
export function parseQuery(url: string): QueryParams {
  const start = url.indexOf('?');
  const end = url.indexOf('#', start < 0 ? 0 : start);
  const query = start < 0 ? (url.includes('=') && !url.includes('://') ? url : '') : url.slice(start + 1, end < 0 ? undefined : end);
  const values = new Map<string, string>();
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const equals = pair.indexOf('=');
    const decode = (text: string) => decodeURIComponent(text.replace(/\+/g, ' '));
    const name = decode(equals < 0 ? pair : pair.slice(0, equals));
    if (!values.has(name)) values.set(name, equals < 0 ? '' : decode(pair.slice(equals + 1)));
  }
  return { get: (name) => values.get(name) ?? null, has: (name) => values.has(name) };
}
