import neo4j, { Driver } from 'neo4j-driver';
import { randomUUID } from 'node:crypto';
import { testDriver } from '../neo4j';

describe('the test Neo4j server', () => {
  let driver: Driver;
  beforeAll(() => {
    driver = testDriver();
  });
  afterAll(() => driver.close());

  it('is Neo4j 5.26 Community', async () => {
    const { records } = await driver.executeQuery('CALL dbms.components() YIELD name, versions, edition RETURN versions[0] AS version, edition');
    expect(records[0].get('edition')).toBe('community');
    expect(records[0].get('version')).toMatch(/^5\.26\./);
  });

  it('stores what a write transaction commits and reads it back', async () => {
    const id = randomUUID();
    const session = driver.session();
    try {
      await session.executeWrite((tx) =>
        tx.run('CREATE (:SmokeTest {id: $id, count: $count})', { id, count: neo4j.int(41) }),
      );
      const result = await session.executeRead((tx) =>
        tx.run('MATCH (n:SmokeTest {id: $id}) RETURN n.count + 1 AS next', { id }),
      );
      expect(result.records.map((r) => r.get('next').toNumber())).toEqual([42]);
    } finally {
      await session.executeWrite((tx) => tx.run('MATCH (n:SmokeTest {id: $id}) DELETE n', { id }));
      await session.close();
    }
  });

  it('rolls back a transaction that throws', async () => {
    const id = randomUUID();
    const session = driver.session();
    try {
      await expect(
        session.executeWrite(async (tx) => {
          await tx.run('CREATE (:SmokeTest {id: $id})', { id });
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      const result = await session.executeRead((tx) => tx.run('MATCH (n:SmokeTest {id: $id}) RETURN count(n) AS n', { id }));
      expect(result.records[0].get('n').toNumber()).toBe(0);
    } finally {
      await session.close();
    }
  });
});
