import * as z from 'zod';
import { ROUTE_PATHS, type RouteName, type RoutePath } from './route-paths';
import { EventPage } from './events';
import { Application, Group, GroupSummary, Member, MemberWithPresence, Message, MessagePage, MyGroup, Reaction, ReactionUsers, ReadMarker, User, pageOf } from './model';
import {
  ApplicantPath,
  ApplicationsQuery,
  ApplyBody,
  CreateGroupBody,
  EditMessageBody,
  EventsQuery,
  GroupPath,
  GroupsQuery,
  MemberPath,
  MessagePath,
  MessagesQuery,
  PostMessageBody,
  ReactionPath,
  RejectBody,
  ReadMarkerBody,
  RepliesQuery,
  SetRoleBody,
  TransferOwnershipBody,
  UpdateGroupBody,
} from './requests';

export type HttpMethod = RoutePath['method'];

/** One REST route of the contract with its schemas: where it is ({@link ROUTE_PATHS}) and what it takes and gives. */
export interface RouteSpec extends RoutePath {
  operationId: string;
  summary: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  response: z.ZodType;
}

const route = <const R extends RouteSpec>(spec: R) => spec;

export const ROUTES = {
  getMe: route({ ...ROUTE_PATHS.getMe, operationId: 'getMe', summary: "The caller's profile, created on first call from the token's claims", response: User }),
  createGroup: route({ ...ROUTE_PATHS.createGroup, operationId: 'createGroup', summary: "Creates a private group; the caller becomes its owner, and the caller's connections get `group.created`", body: CreateGroupBody, response: Group }),
  listGroups: route({
    ...ROUTE_PATHS.listGroups, operationId: 'listGroups',
    summary: "Without `query`: the caller's groups. With `query`: discoverable groups whose name or description contains the text",
    query: GroupsQuery, response: z.object({ items: z.array(z.union([MyGroup, GroupSummary])) }),
  }),
  getGroup: route({ ...ROUTE_PATHS.getGroup, operationId: 'getGroup', summary: 'One group: whole for members, a summary for others when it is discoverable', params: GroupPath, response: z.union([Group, GroupSummary]) }),
  updateGroup: route({ ...ROUTE_PATHS.updateGroup, operationId: 'updateGroup', summary: "Changes the group's name, description or discoverability (owner, admins)", params: GroupPath, body: UpdateGroupBody, response: Group }),
  transferOwnership: route({ ...ROUTE_PATHS.transferOwnership, operationId: 'transferOwnership', summary: 'Hands ownership to a member (owner); the old owner becomes an admin', params: GroupPath, body: TransferOwnershipBody, response: Group }),
  apply: route({ ...ROUTE_PATHS.apply, operationId: 'apply', summary: 'Applies to join the group', params: GroupPath, body: ApplyBody, response: Application }),
  listApplications: route({ ...ROUTE_PATHS.listApplications, operationId: 'listApplications', summary: 'Applications to the group (owner and admins)', params: GroupPath, query: ApplicationsQuery, response: z.object({ items: z.array(Application) }) }),
  approve: route({ ...ROUTE_PATHS.approve, operationId: 'approveApplication', summary: 'Approves the pending application: the applicant becomes a member', params: ApplicantPath, response: Application }),
  reject: route({ ...ROUTE_PATHS.reject, operationId: 'rejectApplication', summary: 'Rejects the pending application', params: ApplicantPath, body: RejectBody, response: Application }),
  withdraw: route({ ...ROUTE_PATHS.withdraw, operationId: 'withdrawApplication', summary: "Withdraws the caller's pending application", params: GroupPath, response: Application }),
  listMembers: route({ ...ROUTE_PATHS.listMembers, operationId: 'listMembers', summary: 'Members of the group with their roles and whether they are online', params: GroupPath, response: z.object({ items: z.array(MemberWithPresence) }) }),
  removeMember: route({ ...ROUTE_PATHS.removeMember, operationId: 'removeMember', summary: 'Removes a member (owner, admins) or leaves (the member itself)', params: MemberPath, response: z.null() }),
  setRole: route({ ...ROUTE_PATHS.setRole, operationId: 'setMemberRole', summary: 'Makes a member an admin or an admin a member (owner)', params: MemberPath, body: SetRoleBody, response: Member }),
  markRead: route({ ...ROUTE_PATHS.markRead, operationId: 'markRead', summary: "Moves the caller's read marker forward (never back)", params: GroupPath, body: ReadMarkerBody, response: ReadMarker }),
  postMessage: route({ ...ROUTE_PATHS.postMessage, operationId: 'postMessage', summary: 'Posts a message or a reply; 201 when stored, 200 with the stored message when the id was posted before', params: GroupPath, body: PostMessageBody, response: Message }),
  listMessages: route({ ...ROUTE_PATHS.listMessages, operationId: 'listMessages', summary: 'One page of top-level messages; without a cursor, the newest page', params: GroupPath, query: MessagesQuery, response: MessagePage }),
  listReplies: route({ ...ROUTE_PATHS.listReplies, operationId: 'listReplies', summary: 'One page of the direct replies of a message; without a cursor, the first page', params: MessagePath, query: RepliesQuery, response: pageOf(Message, 'ReplyPage') }),
  editMessage: route({ ...ROUTE_PATHS.editMessage, operationId: 'editMessage', summary: 'Edits a message (its author): new body and mentions; sets `editedAt`', params: MessagePath, body: EditMessageBody, response: Message }),
  deleteMessage: route({ ...ROUTE_PATHS.deleteMessage, operationId: 'deleteMessage', summary: 'Deletes a message (its author, owner, admins): a tombstone without body or mentions keeps its place and replies; the same answer when repeated', params: MessagePath, response: Message }),
  addReaction: route({ ...ROUTE_PATHS.addReaction, operationId: 'addReaction', summary: "Adds the caller's reaction (a URL-encoded emoji); the same answer when repeated", params: ReactionPath, response: Reaction }),
  removeReaction: route({ ...ROUTE_PATHS.removeReaction, operationId: 'removeReaction', summary: "Removes the caller's reaction; the same answer when repeated", params: ReactionPath, response: Reaction }),
  listReactions: route({ ...ROUTE_PATHS.listReactions, operationId: 'listReactions', summary: "Who reacted to a message, per emoji in the message's order (members); a deleted message has none", params: MessagePath, response: z.object({ items: z.array(ReactionUsers) }) }),
  listEvents: route({ ...ROUTE_PATHS.listEvents, operationId: 'listEvents', summary: 'Group events with `seq` greater than `afterSeq`, for catch-up', params: GroupPath, query: EventsQuery, response: EventPage }),
} as const;

export type { RouteName };
