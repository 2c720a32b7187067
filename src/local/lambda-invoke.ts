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

/** The functions' timeout on AWS (29 s, inside API Gateway's integration timeout); the migration has 300 s. */
const TIMEOUT_MS = 29_000;

/** A handler that did not finish within its timeout, like Lambda's "Task timed out". */
export class InvocationTimeoutError extends Error {}

/**
 * Invokes a handler the way Lambda does: a fresh context per call (deadline, request id) and the event. Like
 * Lambda it gives up at the deadline and throws {@link InvocationTimeoutError}, so no caller waits for ever.
 */
export async function invoke<R>(name: string, handler: LambdaHandler<never, unknown>, event: unknown, timeoutMs = TIMEOUT_MS): Promise<R> {
  const deadline = Date.now() + timeoutMs;
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
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new InvocationTimeoutError(`local-${name}: task timed out after ${timeoutMs / 1000} seconds`)), timeoutMs);
  });
  try {
    return (await Promise.race([handler(event as never, context), timedOut])) as R;
  } finally {
    clearTimeout(timer);
  }
}
