import * as pulumi from '@pulumi/pulumi';

/** The users' rate limits, as the functions that enforce them read them. */
export interface RateLimitArgs {
  /**
   * Tokens per second flowing into each user's bucket; one bucket per user for each of sending (REST and
   * WebSocket together), editing, reacting and applying. Over it, requests get 429 `rate_limited` with
   * `Retry-After`, and WebSocket sends an error frame with `retryAfterMs`.
   * @default 10
   */
  readonly rateLimitPerSecond?: pulumi.Input<number>;
  /**
   * Size of each user's bucket: how many actions of one kind a user may take at once.
   * @default 20
   */
  readonly rateLimitBurst?: pulumi.Input<number>;
}

/** The environment variables of the rate limits (`RATE_LIMIT_PER_SECOND`, `RATE_LIMIT_BURST`), from checked args. */
export function rateLimitEnvironment(args: RateLimitArgs): Record<string, pulumi.Input<string>> {
  return {
    RATE_LIMIT_PER_SECOND: pulumi.output(args.rateLimitPerSecond ?? 10).apply(String),
    RATE_LIMIT_BURST: pulumi.output(args.rateLimitBurst ?? 20).apply(String),
  };
}
