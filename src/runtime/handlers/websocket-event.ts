import type { Caller } from '../chat/outcome';
import { callerFromClaims } from '../auth/token-verifier';

/** The parts of an API Gateway WebSocket event the handlers read. */
export interface WebSocketEvent {
  body?: string;
  isBase64Encoded?: boolean;
  requestContext: {
    connectionId: string;
    routeKey: string;
    requestId?: string;
    /** The context the `$connect` authorizer returned. */
    authorizer?: Record<string, unknown>;
  };
}

export interface WebSocketResult {
  statusCode: number;
  body?: string;
}

/** The caller the authorizer let in. */
export function callerOf(event: WebSocketEvent): Caller {
  const context = event.requestContext.authorizer;
  if (!context) throw new Error('The WebSocket event carries no authorizer context.');
  return callerFromClaims({ ...context, sub: context.userId ?? context.principalId });
}
