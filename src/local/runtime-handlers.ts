import { readConfig } from '../runtime/config';
import { configureRuntime, resetRuntime } from '../runtime/context';
import { handler as api } from '../runtime/handlers/api';
import { handler as fanout } from '../runtime/handlers/fanout';
import { handler as migrate } from '../runtime/handlers/migrate';
import { handler as presenceSweep } from '../runtime/handlers/presence-sweep';
import { handler as wsAuthorizer } from '../runtime/handlers/ws-authorizer';
import { handler as wsConnect } from '../runtime/handlers/ws-connect';
import { handler as wsDefault } from '../runtime/handlers/ws-default';
import { handler as wsDisconnect } from '../runtime/handlers/ws-disconnect';
import { FanoutWorkerPool } from './fanout-workers';
import { InProcessTopic } from './in-process-sns';
import { LambdaHandler, LocalHandlers, invoke } from './lambda-invoke';
import { errorText, log } from '../runtime/log';

/** The runtime's own handler modules, the same code the Lambda bundles are built from. */
export const RUNTIME_HANDLERS: LocalHandlers = {
  api: api as LambdaHandler,
  'ws-authorizer': wsAuthorizer as LambdaHandler,
  'ws-connect': wsConnect as LambdaHandler,
  'ws-disconnect': wsDisconnect as LambdaHandler,
  'ws-default': wsDefault as LambdaHandler,
  fanout: fanout as LambdaHandler,
};

/** The migration function's timeout (GroupChatBackend's `migrateTimeoutSeconds` default). */
const MIGRATE_TIMEOUT_MS = 300_000;
const PRESENCE_SWEEP_INTERVAL_MS = 60_000;

/** The runtime as the local gateway drives it. */
export interface LoadedRuntime {
  handlers: LocalHandlers;
  topic: InProcessTopic;
  /** Stops the fan-out workers, closes what the runtime opened (the Neo4j driver) and forgets its configuration. */
  close(): Promise<void>;
}

/**
 * Points the runtime at the local services: its configuration, and the environment the AWS SDK clients read
 * (region, credentials, the DynamoDB endpoint), as Lambda's would be; the in-process topic as its publisher,
 * delivering to the fan-out handler on `fanoutWorkers` worker threads (or in this thread when 0). Then runs
 * the schema migration, as a deploy does.
 */
export async function loadRuntime(
  environment: Record<string, string>,
  options: { handlers?: LocalHandlers; fanoutWorkers: number },
): Promise<LoadedRuntime> {
  const handlers = options.handlers ?? RUNTIME_HANDLERS;
  await resetRuntime();
  Object.assign(process.env, environment);
  const config = readConfig(environment);
  let pool: FanoutWorkerPool | undefined;
  const topic: InProcessTopic = new InProcessTopic((event) =>
    pool ? pool.invoke(event) : invoke('fanout', handlers.fanout, event),
  );
  if (options.fanoutWorkers > 0 && !options.handlers) {
    pool = new FanoutWorkerPool(options.fanoutWorkers, config, (message, attributes) => topic.publish(message, attributes));
  }
  configureRuntime({ config, publisher: topic });
  await invoke('migrate', migrate as LambdaHandler, {}, MIGRATE_TIMEOUT_MS);
  // Connections that expire without a $disconnect take their users offline (on AWS, RealtimeFanout's scheduled sweep).
  const sweep = setInterval(() => {
    invoke('presence-sweep', presenceSweep as LambdaHandler, {}).catch((error: unknown) =>
      log('warn', 'presence sweep failed', { error: errorText(error) }),
    );
  }, PRESENCE_SWEEP_INTERVAL_MS);
  sweep.unref();
  return {
    handlers,
    topic,
    close: async () => {
      clearInterval(sweep);
      await pool?.close();
      await resetRuntime();
    },
  };
}
