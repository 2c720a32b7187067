import type { Driver } from 'neo4j-driver';
import { config, containerSingleton } from '../context';
import { createDriver } from '../neo4j-driver';

/** Rejects like `promise`, first calling `forget` so the next call tries again. */
export function forgetOnFailure<T>(promise: Promise<T>, forget: () => void): Promise<T> {
  return promise.catch((error: unknown) => {
    forget();
    throw error;
  });
}

/** The container's one Neo4j driver (its password read once). */
export const driver: () => Promise<Driver> = containerSingleton(
  (forget) => forgetOnFailure(createDriver(config()), forget),
  async (created) => (await created.catch(() => undefined))?.close(),
);
