import { driver } from '../services/neo4j';
import { migrate } from '../store/schema';
import { errorText, log } from '../log';

const RETRY_DELAY_MS = 5_000;

/**
 * Creates the schema's constraints and indexes (idempotent). On a first deploy Neo4j may still be
 * installing, so this retries until it answers or the invocation is about to time out.
 */
export async function handler(_event: unknown, context?: { getRemainingTimeInMillis(): number }): Promise<{ applied: string[] }> {
  for (;;) {
    try {
      return await migrate(await driver());
    } catch (error) {
      const remaining = context?.getRemainingTimeInMillis() ?? 0;
      if (remaining < RETRY_DELAY_MS * 2) throw error;
      log('warn', 'Neo4j not ready; retrying the migration', { error: errorText(error) });
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
    }
  }
}
