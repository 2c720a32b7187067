// `npm run neo4j [-- --data-dir DIR] [--port N]`: starts Neo4j on loopback and keeps it up until Ctrl-C. With
// --data-dir the store is kept there (otherwise a temporary folder), with --port Bolt listens on that port.
import { parseArgs } from 'node:util';
import { Neo4jSetupError, startNeo4j } from './neo4j-local.mjs';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, port: { type: 'string' } } });
try {
  const neo4j = await startNeo4j({ dataDir: values['data-dir'], port: values.port === undefined ? undefined : Number(values.port) });
  console.log(`NEO4J_URI=${neo4j.uri}`);
  if (neo4j.pid) console.log(`NEO4J_PID=${neo4j.pid}`);
  const shutdown = () => neo4j.stop().then(() => process.exit(0));
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (error) {
  console.error(error instanceof Neo4jSetupError ? error.message : error);
  process.exit(1);
}
