import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/** A Lambda handler as the runtime exports it. */
export type LambdaHandler<E = unknown, R = unknown> = (event: E, context: Context) => Promise<R>;

/** The runtime's handler modules the local gateway invokes, by their bundle names. */
export interface LocalHandlers {
  api: LambdaHandler;
  'ws-authorizer': LambdaHandler;
  'ws-connect': LambdaHandler;
  'ws-disconnect': LambdaHandler;
  'ws-default': LambdaHandler;
  fanout: LambdaHandler;
}

const TIMEOUT_MS = 30_000;

/** Invokes a handler the way Lambda does: a fresh context per call (deadline, request id) and the event. */
export async function invoke<R>(name: string, handler: LambdaHandler<never, unknown>, event: unknown): Promise<R> {
  const deadline = Date.now() + TIMEOUT_MS;
  const context: Context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: `local-${name}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:local-${name}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/local-${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  return (await handler(event as never, context)) as R;
}
