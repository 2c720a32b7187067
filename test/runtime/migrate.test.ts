import { configureRuntime, resetRuntime } from '../../src/runtime/context';
import { handler } from '../../src/runtime/handlers/migrate';
import { testNeo4jConfig } from '../neo4j';

afterEach(() => resetRuntime());

describe('the migrate handler (invoked on deploy)', () => {
  test('applies the schema on the real Neo4j, and again without harm', async () => {
    configureRuntime({ config: testNeo4jConfig() });
    const context = { getRemainingTimeInMillis: () => 60_000 };
    const first = await handler({}, context);
    expect(Array.isArray(first.applied)).toBe(true);
    const second = await handler({}, context);
    expect(Array.isArray(second.applied)).toBe(true);
  });

  test('gives up with the error when Neo4j does not answer and the invocation is nearly out of time', async () => {
    configureRuntime({ config: { ...testNeo4jConfig(), neo4jUri: 'bolt://127.0.0.1:1' } });
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await expect(handler({}, { getRemainingTimeInMillis: () => 5_000 })).rejects.toThrow();
      expect(log.mock.calls.join('\n')).not.toMatch(/retrying the migration/);
    } finally {
      log.mockRestore();
    }
  });
});
