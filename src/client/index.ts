/**
 * The group chat's client SDK: typed REST calls and a self-healing realtime connection. It has no DOM,
 * React or Node dependency: it takes a `fetch` and a WebSocket class (the global ones by default), so the
 * same code runs in browsers, React Native and Node.
 *
 * @packageDocumentation
 */
export { GroupChatClient } from './rest-client';
export type { FetchLike, GroupChatClientOptions, PageQuery, TokenProvider } from './rest-client';
export { RealtimeConnection } from './realtime-connection';
export type { ConnectionState, PushedEvent, RealtimeConnectionOptions, WebSocketConstructor, WebSocketLike } from './realtime-connection';
export { EventSequencer } from './event-sequencer';
export type { EventSequencerOptions, EventsFetcher } from './event-sequencer';
export { backoffDelay } from './backoff';
export type { BackoffOptions } from './backoff';
export { ApiError, errorFromResponse } from './errors';
export type { ErrorCode } from './errors';
export type {
  Application,
  ApplicationStatus,
  Group,
  GroupDetails,
  GroupSummary,
  Member,
  MemberWithPresence,
  Message,
  MyGroup,
  Page,
  Reaction,
  ReactionUsers,
  ReadMarker,
  Role,
  User,
} from '../contract/model';
export { LIMITS } from '../contract/limits';
export type { ApplicationEvent, EphemeralEvent, EventPage, GroupEvent, ServerEvent, ServerEventType } from '../contract/events';
export type {
  ApplyBody,
  CreateGroupBody,
  EditMessageBody,
  PostMessageBody,
  ReadMarkerBody,
  RejectBody,
  SetRoleBody,
  TransferOwnershipBody,
  UpdateGroupBody,
} from '../contract/requests';
