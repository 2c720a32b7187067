import { ApiError, ERROR_STATUS, ErrorCode } from '../contract/errors';

export { ApiError };
export type { ErrorCode };

const CODES = new Set(Object.keys(ERROR_STATUS));

/**
 * The contract error for a failed HTTP answer: the body's own `{"error": {code, message}}` when it has
 * one, otherwise a code chosen from the status (API Gateway's own answers, like its authorizer's 401,
 * carry only `{"message"}`). A `Retry-After` in seconds becomes `retryAfterMs`.
 */
export function errorFromResponse(status: number, body: unknown, retryAfter?: string | null): ApiError {
  const seconds = Number(retryAfter ?? undefined);
  const retryAfterMs = retryAfter && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (error && typeof error.code === 'string' && CODES.has(error.code)) {
    return new ApiError(error.code as ErrorCode, typeof error.message === 'string' ? error.message : error.code, retryAfterMs);
  }
  const message = (body as { message?: unknown } | null)?.message;
  return new ApiError(codeForStatus(status), typeof message === 'string' ? message : `HTTP ${status}`, retryAfterMs);
}

function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
    case 410:
      return 'not_found';
    case 409:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    case 429:
      return 'rate_limited';
    default:
      return status >= 500 ? 'unavailable' : 'bad_request';
  }
}
