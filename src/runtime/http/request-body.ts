import { ApiError } from '../../contract/errors';
import { LIMITS } from '../../contract/limits';

/** `application/json`, or a `+json` type, with any parameters (`; charset=utf-8`). */
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/**
 * The JSON body of a request; none is `{}`. A body sent as anything but JSON is `unsupported_media_type`,
 * too large is `payload_too_large`, not JSON (or nested deeper than the contract allows) is `bad_request`.
 */
export function readJsonBody(body: string | undefined, isBase64Encoded: boolean | undefined, contentType: string | undefined): unknown {
  if (body === undefined || body === '') return {};
  if (!contentType || !JSON_MEDIA_TYPE.test(contentType.trim())) {
    throw new ApiError(
      'unsupported_media_type',
      `The request body must be JSON sent with content-type: application/json, not ${contentType ? `"${contentType}"` : 'without a content-type'}.`,
    );
  }
  const bytes = isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
  if (bytes.byteLength > LIMITS.requestBodyBytes) {
    throw new ApiError('payload_too_large', `The request body is ${bytes.byteLength} bytes; the limit is ${LIMITS.requestBodyBytes}.`);
  }
  return parseJsonText(bytes.toString('utf8'), 'The request body');
}

/**
 * Parses JSON from a client (a request body, a WebSocket frame). Nesting deeper than
 * `LIMITS.jsonNestingDepth` is refused before parsing, so no later step recurses into it.
 */
export function parseJsonText(text: string, what: string): unknown {
  const depth = nestingDepth(text);
  if (depth > LIMITS.jsonNestingDepth) {
    throw new ApiError('bad_request', `${what} nests objects and lists ${depth} deep; the limit is ${LIMITS.jsonNestingDepth}.`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError('bad_request', `${what} is not valid JSON.`);
  }
}

/** The deepest nesting of `[` and `{` outside strings (a scan, not a parse: it trusts nothing about the text). */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c) index++; // backslash: skip the escaped character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x5b || char === 0x7b) {
      deepest = Math.max(deepest, ++depth);
    } else if (char === 0x5d || char === 0x7d) {
      depth--;
    }
  }
  return deepest;
}
