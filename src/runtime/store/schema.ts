import type { Driver } from 'neo4j-driver';

/** Creates constraints and indexes; idempotent; returns the names of what it created or found. */
export function migrate(_driver: Driver, _database?: string): Promise<{ applied: string[] }> {
  return Promise.reject(new Error('migrate: not implemented yet'));
}
