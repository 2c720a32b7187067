import { ApiError } from '../../contract/errors';
import { LIMITS } from '../../contract/limits';
import { Uuid } from '../../contract/model';
import { MessageBody } from '../../contract/requests';
import type { z } from 'zod';

/*
 * The handlers validate requests with the contract's schemas; the domain checks again what it relies on,
 * because it has more than one caller (REST and WebSocket).
 */

/** `value` parsed by `schema`, or `bad_request` naming `field`. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, field: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? `${field}.${issue.path.join('.')}` : field;
    throw new ApiError('bad_request', `${where}: ${issue.message}`);
  }
  return parsed.data;
}

export const parseUuid = (value: unknown, field: string): string => parseInput(Uuid, value, field);

/** A message body: not blank and at most `LIMITS.messageBodyBytes` in UTF-8. */
export function parseMessageBody(body: unknown): string {
  const text = parseInput(MessageBody, body, 'body');
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > LIMITS.messageBodyBytes) {
    throw new ApiError(
      'payload_too_large',
      `body is ${bytes} bytes in UTF-8; a message may have at most ${LIMITS.messageBodyBytes}. Split it into several messages.`,
    );
  }
  return text;
}

/** A page size: a whole number from 1 to `LIMITS.maxPageSize`. */
export function parseLimit(limit: unknown): number {
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > LIMITS.maxPageSize) {
    throw new ApiError('bad_request', `limit must be a whole number from 1 to ${LIMITS.maxPageSize}.`);
  }
  return limit;
}
