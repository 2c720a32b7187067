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
export const ClientAction = z.discriminatedUnion('action', [PingAction, SendMessageAction]);
export type ClientAction = z.infer<typeof ClientAction>;

/** The server's direct answers to the sender (as opposed to pushed events). */
export type Pong = { type: 'pong' };
export type Ack = { type: 'ack'; id: string; groupId: string; message: Message };
export type ActionError = { type: 'error'; id?: string; error: { code: ErrorCode; message: string } };
export type ServerReply = Pong | Ack | ActionError;
