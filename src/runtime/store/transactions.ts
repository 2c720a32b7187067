import neo4j, { type Driver, isRetryableError, type ManagedTransaction, Neo4jError } from 'neo4j-driver';

/** Where the store's transactions run: the driver and, optionally, the database. */
export interface StoreTarget {
  driver: Driver;
  /** The database. @default - the server's default database */
  database?: string;
}

/**
 * Runs `work` in a read transaction of its own session. `work` may run more than once (the driver
 * retries transient errors), so it does nothing but talk to `tx`.
 */
export async function readTransaction<T>(target: StoreTarget, work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
  const session = target.driver.session({ database: target.database, defaultAccessMode: neo4j.session.READ });
  try {
    return await session.executeRead(work);
  } finally {
    await session.close();
  }
}

/**
 * Runs `work`, one read statement, as a transaction of its own (auto-commit): one round trip, where a
 * transaction function needs a second for its COMMIT (and the connection a third, a RESET, before it goes back
 * to the pool). Transient errors are retried twice, as `executeRead` would; `work` does nothing but run its
 * statement.
 */
export async function readStatement<T>(target: StoreTarget, work: (runner: Pick<ManagedTransaction, 'run'>) => Promise<T>): Promise<T> {
  const session = target.driver.session({ database: target.database, defaultAccessMode: neo4j.session.READ });
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work(session);
      } catch (error) {
        if (attempt === 3 || !isRetryableError(error)) throw error;
      }
    }
  } finally {
    await session.close();
  }
}

/**
 * Runs `work` in a write transaction of its own session. `work` may run more than once (the driver
 * retries transient errors such as deadlocks), so it does nothing but talk to `tx`; whatever must happen
 * after the commit is returned and done by the caller.
 */
export async function writeTransaction<T>(target: StoreTarget, work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
  const session = target.driver.session({ database: target.database, defaultAccessMode: neo4j.session.WRITE });
  try {
    return await session.executeWrite(work);
  } finally {
    await session.close();
  }
}

/** Whether `error` is a uniqueness constraint rejecting a write. */
export function isConstraintViolation(error: unknown): boolean {
  return error instanceof Neo4jError && error.code === 'Neo.ClientError.Schema.ConstraintValidationFailed';
}

/** An integer parameter for Cypher (a JavaScript number is a float there, which `LIMIT` rejects). */
export const int = (value: number) => neo4j.int(value);
