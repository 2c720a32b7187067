import * as z from 'zod';
import { ErrorCode } from './errors';
import { Message } from './model';
import { PostMessageBody } from './requests';

/** What a client may send over the WebSocket, routed by `action`. */
export const PingAction = z.object({ action: z.literal('ping') }).strict();
export const SendMessageAction = PostMessageBody.extend({
  action: z.literal('sendMessage'),
  groupId: z.uuid(),
}).strict();
/** Tells the group's other members that the caller is typing; send it at most every 3 s (more are dropped). */
export const TypingAction = z.object({ action: z.literal('typing'), groupId: z.uuid() }).strict();
export const ClientAction = z.discriminatedUnion('action', [PingAction, SendMessageAction, TypingAction]);
export type ClientAction = z.infer<typeof ClientAction>;

/** The server's direct answers to the sender (as opposed to pushed events). */
/**
 * The answer to a ping. `latestSeqs` is the `seq` each of the caller's groups has reached (left out when the
 * store cannot be read): a client that has handed over less catches up, so an event whose live delivery was
 * lost reaches it by the next ping.
 */
export type Pong = { type: 'pong'; latestSeqs?: Record<string, number> };
export type Ack = { type: 'ack'; id: string; groupId: string; message: Message };
/** `retryAfterMs` comes with `rate_limited`: when the next send will be taken. */
export type ActionError = { type: 'error'; id?: string; error: { code: ErrorCode; message: string }; retryAfterMs?: number };
export type ServerReply = Pong | Ack | ActionError;
