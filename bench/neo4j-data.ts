import neo4j, { type Driver } from 'neo4j-driver';

/** A driver for the Neo4j that `NEO4J_URI` names (tools/run-bench.mjs starts one when it is not set). */
export function benchDriver(script: string): Driver {
  const uri = process.env.NEO4J_URI;
  if (!uri) throw new Error(`NEO4J_URI is not set: run \`npm run ${script}\`, which starts Neo4j, or set NEO4J_URI.`);
  return neo4j.driver(uri, neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', process.env.NEO4J_PASSWORD ?? 'neo4j'));
}

/** Removes what a benchmark stored: its groups with their messages, events and applications, and its users. */
export async function removeBenchData(driver: Driver, groupIds: string[], userIds: string[] = []): Promise<void> {
  // CALL … IN TRANSACTIONS needs an auto-commit transaction: session.run, not executeQuery.
  const session = driver.session();
  try {
    await session.run(
      `MATCH (n) WHERE (n:Message OR n:Event OR n:Application) AND n.groupId IN $groupIds
       CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS`,
      { groupIds },
    );
    await session.run('MATCH (g:Group) WHERE g.id IN $groupIds DETACH DELETE g', { groupIds });
    await session.run('MATCH (u:User) WHERE u.id IN $userIds DETACH DELETE u', { userIds });
  } finally {
    await session.close();
  }
}
