import type { z } from 'zod';
import { ApiError } from '../../contract/errors';

const EXPECTED: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  string: 'text',
  object: 'a JSON object',
  array: 'a list',
};

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((current, key) => (current !== null && typeof current === 'object' ? (current as Record<PropertyKey, unknown>)[key] : undefined), value);
}

/** The value at fault, short: text cut at 40 characters, a list or object named rather than written out. */
function shown(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a JSON object';
  return typeof value === 'string' && value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}…` : String(JSON.stringify(value));
}

/** What is wrong with one field, in words a person can act on (zod's own message where it already is). */
function problem(issue: z.core.$ZodIssue, input: unknown): string {
  const value = valueAt(input, issue.path);
  if (issue.code === 'invalid_type') {
    if (value === undefined) return 'is required';
    return `must be ${EXPECTED[issue.expected] ?? issue.expected}, not ${shown(value)}`;
  }
  if (issue.code === 'invalid_format' && issue.format === 'uuid') return `must be a UUID, not ${shown(value)}`;
  if (issue.code === 'unrecognized_keys') return `unknown field ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
  return issue.message;
}

/** Parses `value` with `schema`; a mismatch is `bad_request` naming each field at fault and what is wrong. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${[where, ...issue.path.map(String)].join('.')}: ${problem(issue, value)}`);
  throw new ApiError('bad_request', problems.join('; '));
}
