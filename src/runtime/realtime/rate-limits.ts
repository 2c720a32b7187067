import { ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { ApiError } from '../../contract/errors';
import { SDK_CLIENT_SETTINGS } from '../sdk-clients';

/** What a user does often enough to be limited: each kind has a bucket of its own per user. */
export type RateLimitKind = 'send' | 'edit' | 'react' | 'apply';

/** A token bucket: `perSecond` tokens flow in, up to `burst`; every action takes one. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

const NOUNS: Record<RateLimitKind, string> = { send: 'messages', edit: 'edits', react: 'reactions', apply: 'applications' };

/** Refused for going over a rate limit; `retryAfterMs` is when the next token is there. */
export function rateLimited(kind: RateLimitKind, retryAfterMs: number): ApiError {
  return new ApiError('rate_limited', `Too many ${NOUNS[kind]}: try again in ${Math.ceil(retryAfterMs / 1000)} s.`, retryAfterMs);
}

// A bucket found full is restarted, and a restart can lose to a concurrent one; the winner's bucket then takes
// the token on the next attempt, so a few attempts always settle it.
const ATTEMPTS = 5;

/**
 * Per-user token buckets in the connections table (items `RATE#user / kind`, next to the connections and
 * under the same TTL attribute). That table is per deployment, already has TTL, and both the REST and the
 * WebSocket functions reach it, so a send counts against one bucket whichever way it comes.
 *
 * A bucket is kept as one number, `tat`: the time (µs) at which it will be full again (the generic cell rate
 * algorithm). Taking a token adds one interval (1/perSecond) to it, allowed while `tat` stays within
 * `burst` intervals of now. That is a single conditional `UpdateItem`, which DynamoDB applies one at a
 * time per item, so any number of requests at once take exactly the tokens there are, with no lost race
 * to retry: the request that finds no token learns when the next one comes from one consistent read.
 */
export class RateLimiter {
  private readonly intervalMicros: number;

  constructor(
    private readonly tableName: string,
    private readonly limit: RateLimit,
    private readonly client = new DynamoDBClient(SDK_CLIENT_SETTINGS),
    private readonly now: () => number = () => Date.now(),
  ) {
    this.intervalMicros = Math.round(1_000_000 / limit.perSecond);
  }

  /** Takes a token of the user's `kind` bucket, or throws {@link rateLimited}. */
  async take(userId: string, kind: RateLimitKind): Promise<void> {
    const Key = { pk: { S: `RATE#${userId}` }, sk: { S: kind } };
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const now = this.now() * 1000;
      // The latest `tat` that still leaves a token: the one taken now is the burst's last.
      const latest = now + (this.limit.burst - 1) * this.intervalMicros;
      // A full bucket is the same as none: the item may expire once it would have refilled.
      const expires = { ':expires': { N: String(Math.ceil((now + this.limit.burst * this.intervalMicros) / 1_000_000) + 60) } };
      const interval = { ':interval': { N: String(this.intervalMicros) } };
      if (await this.update(Key, 'SET tat = tat + :interval, expiresAt = :expires', 'tat BETWEEN :now AND :latest', {
        ':now': { N: String(now) }, ':latest': { N: String(latest) }, ...interval, ...expires,
      })) return;
      const { Item } = await this.client.send(new GetItemCommand({ TableName: this.tableName, Key, ConsistentRead: true }));
      const tat = Item?.tat ? Number(Item.tat.N) : undefined;
      if (tat !== undefined && tat > latest) throw rateLimited(kind, Math.ceil((tat - latest) / 1000));
      if (tat !== undefined && tat >= now) continue; // refilled or restarted meanwhile: take again
      // Full (or never used): restart the bucket with this request's token taken.
      if (await this.update(Key, 'SET tat = :restart, expiresAt = :expires', 'attribute_not_exists(tat) OR tat < :now', {
        ':now': { N: String(now) }, ':restart': { N: String(now + this.intervalMicros) }, ...expires,
      })) return;
    }
    throw new ApiError('unavailable', 'The rate limit could not be checked: too many requests at once; try again shortly.');
  }

  /** Applies a conditional update; false when the condition did not hold. */
  private async update(
    Key: Record<string, { S: string }>,
    UpdateExpression: string,
    ConditionExpression: string,
    ExpressionAttributeValues: Record<string, { N: string }>,
  ): Promise<boolean> {
    try {
      await this.client.send(new UpdateItemCommand({ TableName: this.tableName, Key, UpdateExpression, ConditionExpression, ExpressionAttributeValues }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
