import type { GroupChatClient, RealtimeConnection } from 'pulumi-groupchat/client';

/** The REST calls the app makes: a {@link GroupChatClient}, or a test's stand-in. */
export type ChatApi = Pick<
  GroupChatClient,
  | 'getMe'
  | 'createGroup'
  | 'listMyGroups'
  | 'searchGroups'
  | 'apply'
  | 'listApplications'
  | 'approve'
  | 'reject'
  | 'listMembers'
  | 'postMessage'
  | 'editMessage'
  | 'deleteMessage'
  | 'addReaction'
  | 'removeReaction'
  | 'listReactions'
  | 'listMessages'
  | 'listReplies'
  | 'setRole'
  | 'removeMember'
  | 'transferOwnership'
  | 'updateGroup'
  | 'markRead'
>;

/** The part of a {@link RealtimeConnection} the app's thunks use. */
export type ChatRealtime = Pick<RealtimeConnection, 'follow' | 'sendMessage' | 'state' | 'typing'>;

/** What the Redux thunks talk to (the store's `extra` argument). */
export interface Services {
  api: ChatApi;
  /** Absent until the connection exists; messages are then posted over REST. */
  realtime?: ChatRealtime;
  /** A new message id (a UUID): `crypto.randomUUID` in the browser. */
  newId(): string;
}

/** Words for an error a thunk caught, fit to show a person. */
export function messageOf(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return typeof error === 'string' ? error : 'Something went wrong.';
}
