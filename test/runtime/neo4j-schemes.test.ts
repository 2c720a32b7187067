import { randomUUID } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import { FUNCTION_DEFAULTS } from '../../src/components/function-settings';
import { readConfig } from '../../src/runtime/config';
import { LAMBDA_DRIVER_SETTINGS, createDriver } from '../../src/runtime/neo4j-driver';
import { readTransaction, writeTransaction } from '../../src/runtime/store/transactions';
import { testNeo4jConfig } from '../neo4j';

/**
 * The runtime's driver under the direct (`bolt://`) and the routing (`neo4j://`) scheme against the test server (a
 * routing driver first asks the server for its routing table, which names the server itself as writer and reader).
 */

const { neo4jUri, neo4jUser, neo4jPassword } = testNeo4jConfig();
const hostAndPort = /^[a-z0-9+]+:\/\/[^:/]+:(\d+)/i.exec(neo4jUri ?? '');
const opened: Driver[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((driver) => driver.close()));
});

async function driverFor(scheme: string): Promise<Driver> {
  if (!hostAndPort) throw new Error(`NEO4J_URI "${neo4jUri}" has no host and port`);
  const driver = await createDriver(readConfig({ NEO4J_URI: `${scheme}://localhost:${hostAndPort[1]}`, NEO4J_USER: neo4jUser, NEO4J_PASSWORD: neo4jPassword }));
  opened.push(driver);
  return driver;
}

describe("the runtime's Neo4j driver", () => {
  test.each(['bolt', 'neo4j'])('over %s:// writes with executeWrite and reads the write with executeRead', async (scheme) => {
    const driver = await driverFor(scheme);
    const id = `scheme-${randomUUID()}`;
    await writeTransaction({ driver }, (tx) => tx.run('CREATE (:SchemeProbe {id: $id})', { id }));
    const read = await readTransaction({ driver }, (tx) => tx.run('MATCH (p:SchemeProbe {id: $id}) RETURN count(p) AS n', { id }));
    expect(read.records[0].get('n').toNumber()).toBe(1);
    await writeTransaction({ driver }, (tx) => tx.run('MATCH (p:SchemeProbe {id: $id}) DELETE p', { id }));
  });

  test('a read session refuses to write: reads are sent where a reader may serve them', async () => {
    const driver = await driverFor('neo4j');
    await expect(readTransaction({ driver }, (tx) => tx.run('CREATE (:SchemeProbe {id: $id})', { id: randomUUID() })))
      .rejects.toThrow(/read/i);
  });

  test('settings fit Lambda: connections retire before the NAT idle timeout, waiting for one ends before the function does', () => {
    const NAT_GATEWAY_IDLE_TIMEOUT_MS = 350_000;
    expect(LAMBDA_DRIVER_SETTINGS.maxConnectionLifetime).toBeLessThan(NAT_GATEWAY_IDLE_TIMEOUT_MS);
    expect(LAMBDA_DRIVER_SETTINGS.connectionAcquisitionTimeout).toBeLessThan(FUNCTION_DEFAULTS.timeoutSeconds * 1000 / 2);
    expect(LAMBDA_DRIVER_SETTINGS.maxConnectionPoolSize).toBeLessThanOrEqual(10);
  });
});
