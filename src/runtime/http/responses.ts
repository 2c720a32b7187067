import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ApiError } from '../../contract/errors';
import { errorText, log } from '../log';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export function jsonResponse(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  if (statusCode === 204) return { statusCode, headers: { 'cache-control': 'no-store' } };
  return { statusCode, headers: JSON_HEADERS, body: JSON.stringify(body) };
}

/**
 * The answer to a failed request: an ApiError as it is; anything else is logged with its details and
 * answered 503 with a message that gives nothing away.
 */
export function errorResponse(error: unknown, requestId: string): APIGatewayProxyStructuredResultV2 {
  if (error instanceof ApiError) {
    const response = jsonResponse(error.status, error.toBody());
    if (error.retryAfterMs === undefined) return response;
    return { ...response, headers: { ...response.headers, 'retry-after': String(Math.ceil(error.retryAfterMs / 1000)) } };
  }
  log('error', 'request failed', { requestId, error: errorText(error), stack: (error as Error)?.stack });
  return jsonResponse(
    503,
    new ApiError('unavailable', `The service could not complete the request; try again shortly (request ${requestId}).`).toBody(),
  );
}
