import { PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { ApiError } from '../../contract/errors';
import { ClientAction, ServerReply } from '../../contract/websocket';
import { connections } from '../services/connections';
import { management } from '../services/management';
import { chat } from '../services/chat';
import { publisher } from '../services/publisher';
import { rateLimits } from '../services/rate-limits';
import { parseJsonText } from '../http/request-body';
import { parseInput } from '../http/validation';
import { afterCommit } from '../realtime/after-commit';
import { sendTyping } from '../realtime/awareness';
import { WebSocketEvent, WebSocketResult, callerOf } from './websocket-event';
import { errorText, log } from '../log';

const ACTIONS = ['ping', 'sendMessage', 'typing'];

function parseAction(body: string | undefined, isBase64Encoded?: boolean): ClientAction {
  const value = parseJsonText(isBase64Encoded ? Buffer.from(body ?? '', 'base64').toString('utf8') : (body ?? ''), 'The message (send JSON such as {"action":"ping"})');
  const action = (value as { action?: unknown })?.action;
  if (typeof action !== 'string' || !ACTIONS.includes(action)) {
    throw new ApiError('bad_request', `Unknown action ${JSON.stringify(action)}: use one of ${ACTIONS.join(', ')}.`);
  }
  return parseInput(ClientAction, value, 'message');
}

async function reply(connectionId: string, message: ServerReply): Promise<void> {
  await management().send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: new TextEncoder().encode(JSON.stringify(message)) }));
}

/** How long a pong waits for the store: a pong is first of all a sign of life, and comes without seqs when Neo4j is slow. */
const PONG_READ_TIMEOUT_MS = 2000;

/** The `seq` of each of the user's groups, or undefined when the store does not answer in time. */
async function latestSeqsOf(userId: string): Promise<Record<string, number> | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), PONG_READ_TIMEOUT_MS)));
  try {
    return await Promise.race([(await chat()).latestSeqs(userId), timeout]);
  } catch (error) {
    log('warn', 'pong without seqs', { userId, error: errorText(error) });
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `$default`: `ping` answers `pong`; `sendMessage` posts like `POST /groups/{groupId}/messages` and answers `ack`;
 * `typing` tells the group's other members (no answer unless refused).
 */
export async function handler(event: WebSocketEvent): Promise<WebSocketResult> {
  const { connectionId } = event.requestContext;
  let messageId: string | undefined;
  try {
    const action = parseAction(event.body, event.isBase64Encoded);
    if (action.action === 'ping') {
      const latestSeqs = await latestSeqsOf(callerOf(event).id);
      await reply(connectionId, { type: 'pong', ...(latestSeqs ? { latestSeqs } : {}) });
      return { statusCode: 200 };
    }
    const caller = callerOf(event);
    if (action.action === 'typing') {
      await sendTyping(connections(), publisher(), { connectionId, userId: caller.id, groupId: action.groupId });
      return { statusCode: 200 };
    }
    messageId = action.id;
    await rateLimits().take(caller.id, 'send');
    const posted = await (await chat()).postMessage(caller, action.groupId, { id: action.id, body: action.body, parentId: action.parentId, mentions: action.mentions });
    await afterCommit(posted, connections(), publisher());
    await reply(connectionId, { type: 'ack', id: action.id, groupId: action.groupId, message: posted.result });
  } catch (error) {
    const apiError =
      error instanceof ApiError ? error : new ApiError('unavailable', 'The message could not be handled; try again shortly.');
    if (!(error instanceof ApiError)) log('error', '$default failed', { connectionId, error: errorText(error), stack: (error as Error)?.stack });
    const retry = apiError.retryAfterMs === undefined ? {} : { retryAfterMs: apiError.retryAfterMs };
    await reply(connectionId, { type: 'error', ...(messageId ? { id: messageId } : {}), error: apiError.toBody().error, ...retry }).catch(() => undefined);
  }
  return { statusCode: 200 };
}
