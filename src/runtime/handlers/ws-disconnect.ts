import { closeConnection } from '../realtime/awareness';
import { connections } from '../services/connections';
import { publisher } from '../services/publisher';
import { WebSocketEvent, WebSocketResult } from './websocket-event';

/** `$disconnect` (best effort on API Gateway; the table's TTL removes what it misses). */
export async function handler(event: WebSocketEvent): Promise<WebSocketResult> {
  await closeConnection(connections(), publisher(), event.requestContext.connectionId);
  return { statusCode: 200 };
}
