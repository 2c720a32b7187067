import { readConfig } from '../runtime/config';
import { configureRuntime, resetRuntime } from '../runtime/context';
import { handler as api } from '../runtime/handlers/api';
import { handler as fanout } from '../runtime/handlers/fanout';
import { handler as migrate } from '../runtime/handlers/migrate';
import { handler as wsAuthorizer } from '../runtime/handlers/ws-authorizer';
import { handler as wsConnect } from '../runtime/handlers/ws-connect';
import { handler as wsDefault } from '../runtime/handlers/ws-default';
import { handler as wsDisconnect } from '../runtime/handlers/ws-disconnect';
import { InProcessTopic } from './in-process-sns';
import { LambdaHandler, LocalHandlers, invoke } from './lambda-invoke';

/** The runtime's own handler modules, the same code the Lambda bundles are built from. */
export const RUNTIME_HANDLERS: LocalHandlers = {
  api: api as LambdaHandler,
  'ws-authorizer': wsAuthorizer as LambdaHandler,
  'ws-connect': wsConnect as LambdaHandler,
  'ws-disconnect': wsDisconnect as LambdaHandler,
  'ws-default': wsDefault as LambdaHandler,
  fanout: fanout as LambdaHandler,
};

/**
 * Points the runtime at the local services: its configuration, and the environment the AWS SDK clients read
 * (region, credentials, the DynamoDB endpoint), as Lambda's would be; the in-process topic as its publisher. Then runs the schema migration, as a deploy does.
 */
export async function loadRuntime(
  environment: Record<string, string>,
  handlers: LocalHandlers = RUNTIME_HANDLERS,
): Promise<{ handlers: LocalHandlers; topic: InProcessTopic }> {
  await resetRuntime();
  Object.assign(process.env, environment);
  const topic = new InProcessTopic(handlers.fanout);
  configureRuntime({ config: readConfig(environment), publisher: topic });
  await invoke('migrate', migrate as LambdaHandler, {});
  return { handlers, topic };
}

/** Closes what the runtime opened (the Neo4j driver) and forgets its configuration. */
export async function closeRuntime(): Promise<void> {
  await resetRuntime();
}
