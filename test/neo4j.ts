import neo4j, { Driver } from 'neo4j-driver';

/**
 * A driver for the Neo4j that `npm test` started (or the one `NEO4J_URI` names).
 * Tests share one database, so each test isolates its data by ids of its own.
 */
export function testDriver(): Driver {
  const uri = process.env.NEO4J_URI;
  if (!uri) {
    throw new Error('NEO4J_URI is not set: run the tests with `npm test`, which starts Neo4j, or set NEO4J_URI.');
  }
  // The test server serves at most 64 Bolt threads (tools/neo4j-local) and two jest workers share it; a routing
  // driver (`neo4j://`) also holds connections for its routing table. 25 connections each leave room for both.
  return neo4j.driver(uri, neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', process.env.NEO4J_PASSWORD ?? 'neo4j'), {
    maxConnectionPoolSize: 25,
  });
}

/** The runtime's Neo4j settings for the same server as {@link testDriver}. */
export function testNeo4jConfig(): { neo4jUri: string | undefined; neo4jUser: string; neo4jPassword: string } {
  return {
    neo4jUri: process.env.NEO4J_URI,
    neo4jUser: process.env.NEO4J_USER ?? 'neo4j',
    neo4jPassword: process.env.NEO4J_PASSWORD ?? 'neo4j',
  };
}
