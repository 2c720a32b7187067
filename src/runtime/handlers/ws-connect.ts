import { announcePresence } from '../realtime/awareness';
import { connections } from '../services/connections';
import { chat } from '../services/chat';
import { publisher } from '../services/publisher';
import { WebSocketEvent, WebSocketResult, callerOf } from './websocket-event';
import { errorText, log } from '../log';

/** `$connect`: records the connection, subscribes it to the user's groups, and announces the user online on their first. */
export async function handler(event: WebSocketEvent): Promise<WebSocketResult> {
  const caller = callerOf(event);
  const groupIds = await (await chat()).groupIdsOf(caller.id);
  const first = await connections().addConnection(event.requestContext.connectionId, caller.id, groupIds);
  if (first) {
    // Presence is a courtesy: failing to announce it must not refuse the connection.
    await announcePresence(publisher(), caller.id, true, groupIds).catch((error) =>
      log('warn', 'presence not announced', { userId: caller.id, error: errorText(error) }),
    );
  }
  return { statusCode: 200 };
}
