import { ApiError } from '../../src/contract/errors';
import { RateLimiter } from '../../src/runtime/realtime/rate-limits';
import { errorResponse } from '../../src/runtime/http/responses';
import { newConnectionsTable, startDynamoDb, type EmbeddedDynamoDb } from './support/aws';

let dynamo: EmbeddedDynamoDb;
let tableName: string;
beforeAll(async () => {
  dynamo = await startDynamoDb();
  tableName = (await newConnectionsTable(dynamo)).tableName;
});
afterAll(() => dynamo.stop());

/** What `take` answers: 'ok', or the milliseconds to wait. */
const attempt = (limiter: RateLimiter, user: string, kind: 'send' | 'react' = 'send') =>
  limiter.take(user, kind).then(
    () => 'ok' as const,
    (error: unknown) => {
      if (error instanceof ApiError && error.code === 'rate_limited') return error.retryAfterMs!;
      throw error;
    },
  );

test('a burst passes exactly `burst` requests, even all at once; then rate_limited with the wait; the bucket refills', async () => {
  let now = 1_000_000;
  const limiter = new RateLimiter(tableName, { perSecond: 10, burst: 20 }, dynamo.client, () => now);
  const answers = await Promise.all(Array.from({ length: 25 }, () => attempt(limiter, 'alice')));
  expect(answers.filter((answer) => answer === 'ok')).toHaveLength(20);
  expect(answers.filter((answer) => answer !== 'ok')).toEqual([100, 100, 100, 100, 100]);
  // Another user and another kind have buckets of their own.
  expect(await attempt(limiter, 'bob')).toBe('ok');
  expect(await attempt(limiter, 'alice', 'react')).toBe('ok');

  now += 250; // 2.5 tokens
  expect([await attempt(limiter, 'alice'), await attempt(limiter, 'alice'), await attempt(limiter, 'alice')]).toEqual(['ok', 'ok', 50]);
  now += 10_000; // full again, and no fuller than `burst`
  const refilled = [];
  for (let i = 0; i < 21; i++) refilled.push(await attempt(limiter, 'alice'));
  expect(refilled).toEqual([...Array(20).fill('ok'), 100]);
});

test('80 requests at once on a full bucket: exactly `burst` pass, every other one is told when to retry', async () => {
  const limiter = new RateLimiter(tableName, { perSecond: 1, burst: 16 }, dynamo.client, () => 5_000_000);
  const answers = await Promise.all(Array.from({ length: 80 }, () => attempt(limiter, 'carol')));
  expect(answers.filter((answer) => answer === 'ok')).toHaveLength(16);
  expect(new Set(answers.filter((answer) => answer !== 'ok'))).toEqual(new Set([1000]));
});

test('429 rate_limited carries Retry-After in whole seconds, rounded up', () => {
  const response = errorResponse(new ApiError('rate_limited', 'Too many messages: try again in 2 s.', 1200), 'r1');
  expect(response.statusCode).toBe(429);
  expect(response.headers).toMatchObject({ 'retry-after': '2' });
  expect(JSON.parse(response.body!)).toEqual({ error: { code: 'rate_limited', message: 'Too many messages: try again in 2 s.' } });
  expect(errorResponse(new ApiError('conflict', 'No.'), 'r2').headers).not.toHaveProperty('retry-after');
});
