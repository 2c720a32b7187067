import { ApiError } from './errors';

/*
 * Page cursors are opaque to clients. Inside, a cursor is a child position; the page reads the
 * children before or after it through the (parentId, position) index.
 */
const PREFIX = 'p1.';

export function encodeCursor(position: number): string {
  return PREFIX + Buffer.from(String(position)).toString('base64url');
}

/** Decodes a cursor from a request; a malformed one is `bad_request`. */
export function decodeCursor(cursor: string, name: string): number {
  const text = cursor.startsWith(PREFIX) ? Buffer.from(cursor.slice(PREFIX.length), 'base64url').toString() : '';
  // Digits only: Number() would also take '', ' ', '0x1f' and '1e3'.
  const position = /^[0-9]{1,16}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(position) || position < 0) {
    throw new ApiError('bad_request', `${name} is not a cursor this API gave out; use a prev or next value from a page.`);
  }
  return position;
}
