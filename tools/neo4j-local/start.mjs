// `npm run neo4j`: starts Neo4j on loopback and keeps it up until Ctrl-C.
import { Neo4jSetupError, startNeo4j } from './neo4j-local.mjs';

try {
  const neo4j = await startNeo4j();
  console.log(`NEO4J_URI=${neo4j.uri}`);
  const shutdown = () => neo4j.stop().then(() => process.exit(0));
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (error) {
  console.error(error instanceof Neo4jSetupError ? error.message : error);
  process.exit(1);
}
