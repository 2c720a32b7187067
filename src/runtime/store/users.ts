import type { ManagedTransaction } from 'neo4j-driver';
import type { User } from '../../contract/model';
import type { Caller } from '../chat/outcome';
import { toUser } from './mapping';

/**
 * Creates the user or brings its profile up to date with the token's claims. A claim the token does not
 * carry leaves the stored field as it is (a new user's name falls back to the email, else the id). It writes
 * (and so locks the user) only when something changed, so a user's concurrent requests do not queue on their profile.
 */
export async function upsertUser(tx: ManagedTransaction, claims: Caller): Promise<User> {
  const result = await tx.run(
    `MERGE (u:User {id: $id})
       ON CREATE SET u.email = coalesce($email, ''), u.name = coalesce($name, $email, $id), u.picture = $picture
     ${UPDATE_CLAIMS}
     RETURN u {.*} AS user`,
    { id: claims.id, ...claimParameters(claims) },
  );
  return toUser(result.records[0].get('user'));
}

/** The Cypher parameters {@link UPDATE_CLAIMS} reads; null for a claim the token does not carry. */
export function claimParameters(claims: Caller) {
  return {
    email: claims.email ?? null,
    name: claims.name ?? null,
    picture: claims.picture ?? null,
    hasPicture: claims.picture !== undefined,
  };
}

/**
 * Cypher that brings the user `u` up to date with the claims of {@link claimParameters}, writing (and so
 * locking the user) only when one of them changed. Every variable in scope is carried through.
 */
export const UPDATE_CLAIMS = `WITH *, coalesce($email, u.email) AS email, coalesce($name, u.name) AS name,
          CASE WHEN $hasPicture THEN $picture ELSE u.picture END AS picture
     WITH *, u.email <> email OR u.name <> name OR (u.picture IS NULL) <> (picture IS NULL)
             OR coalesce(u.picture <> picture, false) AS changed
     FOREACH (_ IN CASE WHEN changed THEN [1] ELSE [] END |
       SET u.email = email, u.name = name, u.picture = picture)`;
