import * as z from 'zod';
import { EventPage } from './events';
import { Application, Group, GroupSummary, Member, Message, MessagePage, User, pageOf } from './model';
import {
  ApplicantPath,
  ApplicationsQuery,
  ApplyBody,
  CreateGroupBody,
  EventsQuery,
  GroupPath,
  GroupsQuery,
  MemberPath,
  MessagePath,
  MessagesQuery,
  PostMessageBody,
  RejectBody,
  RepliesQuery,
} from './requests';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

/** One REST route of the contract: the same on AWS (HTTP API) and in the local runtime (under `/api`). */
export interface RouteSpec {
  method: HttpMethod;
  /** API Gateway style path, parameters in braces. */
  path: string;
  operationId: string;
  summary: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  response: z.ZodType;
  /** The status of a successful answer. */
  status: 200 | 201 | 204;
}

const route = <const R extends RouteSpec>(spec: R) => spec;

export const ROUTES = {
  getMe: route({ method: 'GET', path: '/me', operationId: 'getMe', summary: "The caller's profile, created on first call from the token's claims", response: User, status: 200 }),
  createGroup: route({ method: 'POST', path: '/groups', operationId: 'createGroup', summary: 'Creates a private group; the caller becomes its owner', body: CreateGroupBody, response: Group, status: 201 }),
  listGroups: route({
    method: 'GET', path: '/groups', operationId: 'listGroups',
    summary: "Without `query`: the caller's groups. With `query`: discoverable groups whose name or description contains the text",
    query: GroupsQuery, response: z.object({ items: z.array(z.union([Group, GroupSummary])) }), status: 200,
  }),
  getGroup: route({ method: 'GET', path: '/groups/{groupId}', operationId: 'getGroup', summary: 'One group: whole for members, a summary for others when it is discoverable', params: GroupPath, response: z.union([Group, GroupSummary]), status: 200 }),
  apply: route({ method: 'POST', path: '/groups/{groupId}/applications', operationId: 'apply', summary: 'Applies to join the group', params: GroupPath, body: ApplyBody, response: Application, status: 201 }),
  listApplications: route({ method: 'GET', path: '/groups/{groupId}/applications', operationId: 'listApplications', summary: 'Applications to the group (owner and admins)', params: GroupPath, query: ApplicationsQuery, response: z.object({ items: z.array(Application) }), status: 200 }),
  approve: route({ method: 'POST', path: '/groups/{groupId}/applications/{userId}/approve', operationId: 'approveApplication', summary: 'Approves the pending application: the applicant becomes a member', params: ApplicantPath, response: Application, status: 200 }),
  reject: route({ method: 'POST', path: '/groups/{groupId}/applications/{userId}/reject', operationId: 'rejectApplication', summary: 'Rejects the pending application', params: ApplicantPath, body: RejectBody, response: Application, status: 200 }),
  withdraw: route({ method: 'DELETE', path: '/groups/{groupId}/applications/me', operationId: 'withdrawApplication', summary: "Withdraws the caller's pending application", params: GroupPath, response: Application, status: 200 }),
  listMembers: route({ method: 'GET', path: '/groups/{groupId}/members', operationId: 'listMembers', summary: 'Members of the group with their roles', params: GroupPath, response: z.object({ items: z.array(Member) }), status: 200 }),
  removeMember: route({ method: 'DELETE', path: '/groups/{groupId}/members/{userId}', operationId: 'removeMember', summary: 'Removes a member (owner, admins) or leaves (the member itself)', params: MemberPath, response: z.null(), status: 204 }),
  postMessage: route({ method: 'POST', path: '/groups/{groupId}/messages', operationId: 'postMessage', summary: 'Posts a message or a reply; 201 when stored, 200 with the stored message when the id was posted before', params: GroupPath, body: PostMessageBody, response: Message, status: 201 }),
  listMessages: route({ method: 'GET', path: '/groups/{groupId}/messages', operationId: 'listMessages', summary: 'One page of top-level messages; without a cursor, the newest page', params: GroupPath, query: MessagesQuery, response: MessagePage, status: 200 }),
  listReplies: route({ method: 'GET', path: '/groups/{groupId}/messages/{messageId}/replies', operationId: 'listReplies', summary: 'One page of the direct replies of a message; without a cursor, the first page', params: MessagePath, query: RepliesQuery, response: pageOf(Message, 'ReplyPage'), status: 200 }),
  listEvents: route({ method: 'GET', path: '/groups/{groupId}/events', operationId: 'listEvents', summary: 'Group events with `seq` greater than `afterSeq`, for catch-up', params: GroupPath, query: EventsQuery, response: EventPage, status: 200 }),
} as const;

export type RouteName = keyof typeof ROUTES;
