/** The error codes of the API contract, each with the HTTP status it is sent with. */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
} as const;

/** One of the API contract's error codes. */
export type ErrorCode = keyof typeof ERROR_STATUS;

/** The body of every error response: `{"error": {"code", "message"}}`. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

/**
 * An error that the API reports to the caller as it is. The message is written for a person and never
 * holds internals; anything else thrown is an internal error and is reported as `unavailable`.
 * `retryAfterMs` comes with `rate_limited`: how long to wait before the same call is taken (REST sends it as
 * `Retry-After` in whole seconds, the socket's error frame as `retryAfterMs`).
 */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The HTTP status this error is sent with. */
  get status(): number {
    return ERROR_STATUS[this.code];
  }

  /** The JSON body this error is sent with. */
  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}
