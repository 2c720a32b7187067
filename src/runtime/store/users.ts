import type { ManagedTransaction } from 'neo4j-driver';
import type { User } from '../../contract/model';
import { toUser } from './mapping';

/**
 * Creates the user or brings its profile up to date with the token's claims. It writes (and so locks
 * the user) only when something changed, so a user's concurrent requests do not queue on their profile.
 */
export async function upsertUser(tx: ManagedTransaction, user: User): Promise<User> {
  const result = await tx.run(
    `MERGE (u:User {id: $id})
       ON CREATE SET u.email = $email, u.name = $name, u.picture = $picture
     WITH u, u.email <> $email OR u.name <> $name OR (u.picture IS NULL) <> ($picture IS NULL)
             OR coalesce(u.picture <> $picture, false) AS changed
     FOREACH (_ IN CASE WHEN changed THEN [1] ELSE [] END |
       SET u.email = $email, u.name = $name, u.picture = $picture)
     RETURN u {.*} AS user`,
    user,
  );
  return toUser(result.records[0].get('user'));
}
