import { connections } from '../services/connections';
import { WebSocketEvent, WebSocketResult } from './websocket-event';

/** `$disconnect` (best effort on API Gateway; the table's TTL removes what it misses). */
export async function handler(event: WebSocketEvent): Promise<WebSocketResult> {
  await connections().removeConnection(event.requestContext.connectionId);
  return { statusCode: 200 };
}
