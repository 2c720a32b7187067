/** Options of {@link backoffDelay}. */
export interface BackoffOptions {
  /**
   * Delay before the first retry, before jitter.
   * @default 500
   */
  initialMs?: number;
  /**
   * Largest delay, before jitter.
   * @default 30000
   */
  maxMs?: number;
}

/**
 * The delay before retry number `attempt` (0 for the first): exponential growth capped at `maxMs`, with
 * "equal jitter" (half fixed, half random) so clients that lost their connections at once spread out.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const initial = options.initialMs ?? 500;
  const max = options.maxMs ?? 30_000;
  const ceiling = Math.min(max, initial * 2 ** Math.min(attempt, 30));
  return ceiling / 2 + random() * (ceiling / 2);
}
