import { connections } from '../services/connections';
import { chat } from '../services/chat';
import { WebSocketEvent, WebSocketResult, callerOf } from './websocket-event';

/** `$connect`: records the connection and subscribes it to the user's groups. */
export async function handler(event: WebSocketEvent): Promise<WebSocketResult> {
  const caller = callerOf(event);
  const groupIds = await (await chat()).groupIdsOf(caller.id);
  await connections().addConnection(event.requestContext.connectionId, caller.id, groupIds);
  return { statusCode: 200 };
}
