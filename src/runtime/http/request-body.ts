import { ApiError } from '../../contract/errors';
import { LIMITS } from '../../contract/limits';

/** The JSON body of a request; none is `{}`. Too large is `payload_too_large`, not JSON is `bad_request`. */
export function readJsonBody(body: string | undefined, isBase64Encoded: boolean | undefined): unknown {
  if (body === undefined || body === '') return {};
  const bytes = isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
  if (bytes.byteLength > LIMITS.requestBodyBytes) {
    throw new ApiError('payload_too_large', `The request body is ${bytes.byteLength} bytes; the limit is ${LIMITS.requestBodyBytes}.`);
  }
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ApiError('bad_request', 'The request body is not valid JSON.');
  }
}
