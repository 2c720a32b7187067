import type { z } from 'zod';
import { ApiError } from '../../contract/errors';

/** Parses `value` with `schema`; a mismatch is `bad_request` naming each field at fault and what is wrong. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const field = [where, ...issue.path.map(String)].join('.');
    return issue.code === 'unrecognized_keys' ? `${field}: unknown field ${issue.keys.map((key) => `"${key}"`).join(', ')}` : `${field}: ${issue.message}`;
  });
  throw new ApiError('bad_request', problems.join('; '));
}
