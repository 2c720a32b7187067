import type { z } from 'zod';
import type { EventPage } from '../contract/events';
import type { Application, ApplicationStatus, Group, GroupSummary, Member, MemberWithPresence, Message, MyGroup, Page, Reaction, ReactionUsers, User } from '../contract/model';
import type { ApplyBody, CreateGroupBody, EditMessageBody, PostMessageBody, RejectBody, SetRoleBody, UpdateGroupBody } from '../contract/requests';
import { ROUTE_PATHS, type RouteName } from '../contract/route-paths';
import type { ROUTES } from '../contract/routes';
import { ApiError, errorFromResponse } from './errors';

/** The `fetch` function the client uses: the global one, or any with the same shape (React Native's, a test's). */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<{ status: number; text(): Promise<string>; headers?: { get(name: string): string | null } }>;

/** Gives the ID token to send; called before every request, so it may refresh an expiring one. */
export type TokenProvider = () => string | Promise<string>;

/** Options of {@link GroupChatClient}. */
export interface GroupChatClientOptions {
  /** The REST API's base URL: on AWS the HTTP API's URL, locally `{origin}/api`. */
  apiUrl: string;
  getToken: TokenProvider;
  /**
   * The fetch implementation.
   * @default globalThis.fetch
   */
  fetch?: FetchLike;
  /**
   * Called when the API refuses the token (401: expired, revoked, or signed by a key the issuer no longer
   * uses), before the call throws its `unauthorized` {@link ApiError}: the place to sign the user out.
   * @default - nothing beyond the thrown error
   */
  onUnauthorized?: (error: ApiError) => void;
}

/** A page cursor query: at most one of `before`, `after` (and `around` for replies). */
export interface PageQuery {
  limit?: number;
  before?: string;
  after?: string;
}

type ResponseOf<N extends RouteName> = z.output<(typeof ROUTES)[N]['response']>;
type QueryValue = string | number | boolean | undefined;

/**
 * A typed client for every route of the REST API. Each method returns the contract's type and throws
 * {@link ApiError} with the contract's error code when the API answers with an error (or `unavailable` when
 * it cannot be reached).
 */
export class GroupChatClient {
  private readonly apiUrl: string;
  private readonly fetch: FetchLike;

  constructor(private readonly options: GroupChatClientOptions) {
    this.apiUrl = options.apiUrl.replace(/\/+$/, '');
    const fetchImpl = options.fetch ?? (globalThis as { fetch?: FetchLike }).fetch;
    if (!fetchImpl) throw new Error('GroupChatClient needs a fetch: pass options.fetch on a platform without a global one.');
    this.fetch = fetchImpl.bind(globalThis);
  }

  getMe(): Promise<User> {
    return this.request('getMe', {});
  }

  createGroup(body: CreateGroupBody): Promise<Group> {
    return this.request('createGroup', { body });
  }

  /** The caller's groups, each with the caller's `unreadCount`, `mentionCount`, `lastReadSeq` and `lastMessageAt`. */
  listMyGroups(): Promise<MyGroup[]> {
    return this.request('listGroups', {}).then((page) => page.items as MyGroup[]);
  }

  /** Discoverable groups whose name or description contains the text. */
  searchGroups(query: string, limit?: number): Promise<GroupSummary[]> {
    return this.request('listGroups', { query: { query, limit } }).then((page) => page.items as GroupSummary[]);
  }

  getGroup(groupId: string): Promise<Group | GroupSummary> {
    return this.request('getGroup', { params: { groupId } });
  }

  /** Changes the group's name, description or discoverability (owner, admins). */
  updateGroup(groupId: string, body: UpdateGroupBody): Promise<Group> {
    return this.request('updateGroup', { params: { groupId }, body });
  }

  /** Hands the group to another member (owner); the caller becomes an admin. Answers the group as the caller now sees it. */
  transferOwnership(groupId: string, userId: string): Promise<Group> {
    return this.request('transferOwnership', { params: { groupId }, body: { userId } });
  }

  apply(groupId: string, body: ApplyBody = {}): Promise<Application> {
    return this.request('apply', { params: { groupId }, body });
  }

  listApplications(groupId: string, status?: ApplicationStatus): Promise<Application[]> {
    return this.request('listApplications', { params: { groupId }, query: { status } }).then((page) => page.items);
  }

  approve(groupId: string, userId: string): Promise<Application> {
    return this.request('approve', { params: { groupId, userId } });
  }

  reject(groupId: string, userId: string, body: RejectBody = {}): Promise<Application> {
    return this.request('reject', { params: { groupId, userId }, body });
  }

  withdraw(groupId: string): Promise<Application> {
    return this.request('withdraw', { params: { groupId } });
  }

  /** The group's members with their roles and whether each has a live connection. */
  listMembers(groupId: string): Promise<MemberWithPresence[]> {
    return this.request('listMembers', { params: { groupId } }).then((page) => page.items);
  }

  /** Makes a member an admin, or an admin a member (owner). */
  setRole(groupId: string, userId: string, role: SetRoleBody['role']): Promise<Member> {
    return this.request('setRole', { params: { groupId, userId }, body: { role } });
  }

  /**
   * Moves the caller's read marker in the group to `seq` (never back: an older `seq` answers the current
   * marker). The caller's other connections get `read_marker.updated`.
   */
  markRead(groupId: string, seq: number): Promise<number> {
    return this.request('markRead', { params: { groupId }, body: { seq } }).then((marker) => marker.lastReadSeq);
  }

  /** Removes a member (owner, admins), or leaves when `userId` is the caller. */
  async removeMember(groupId: string, userId: string): Promise<void> {
    await this.request('removeMember', { params: { groupId, userId } });
  }

  /** Posts a message or a reply; posting the same `id` again returns the stored message. */
  postMessage(groupId: string, body: PostMessageBody): Promise<Message> {
    return this.request('postMessage', { params: { groupId }, body });
  }

  listMessages(groupId: string, query: PageQuery = {}): Promise<Page<Message>> {
    return this.request('listMessages', { params: { groupId }, query: { ...query } });
  }

  listReplies(groupId: string, messageId: string, query: PageQuery & { around?: string } = {}): Promise<Page<Message>> {
    return this.request('listReplies', { params: { groupId, messageId }, query: { ...query } });
  }

  /** Edits a message of the caller's: a new body and mentions. */
  editMessage(groupId: string, messageId: string, body: EditMessageBody): Promise<Message> {
    return this.request('editMessage', { params: { groupId, messageId }, body });
  }

  /** Deletes a message (the author's own; owners and admins any): answers the tombstone, also when repeated. */
  deleteMessage(groupId: string, messageId: string): Promise<Message> {
    return this.request('deleteMessage', { params: { groupId, messageId } });
  }

  /** Adds the caller's reaction with one emoji (such as `'👍'`); adding it again changes nothing. */
  addReaction(groupId: string, messageId: string, emoji: string): Promise<Reaction> {
    return this.request('addReaction', { params: { groupId, messageId, emoji } });
  }

  /** Removes the caller's reaction with the emoji; removing it again changes nothing. */
  removeReaction(groupId: string, messageId: string, emoji: string): Promise<Reaction> {
    return this.request('removeReaction', { params: { groupId, messageId, emoji } });
  }

  /**
   * Who reacted to a message, per emoji in the message's order: the count and up to `LIMITS.reactorsListed`
   * people by name (members only).
   */
  listReactions(groupId: string, messageId: string): Promise<ReactionUsers[]> {
    return this.request('listReactions', { params: { groupId, messageId } }).then((page) => page.items);
  }

  /** Group events with `seq` greater than `afterSeq`, oldest first. */
  listEvents(groupId: string, afterSeq: number, limit?: number): Promise<EventPage> {
    return this.request('listEvents', { params: { groupId }, query: { afterSeq, limit } });
  }

  /** Calls one route of the contract by name. */
  async request<N extends RouteName>(
    name: N,
    input: { params?: Record<string, string>; query?: Record<string, QueryValue>; body?: unknown },
  ): Promise<ResponseOf<N>> {
    const route = ROUTE_PATHS[name];
    const path = route.path.replace(/\{(\w+)\}/g, (_, param: string) => {
      const value = input.params?.[param];
      if (value === undefined) throw new Error(`${name} needs the path parameter ${param}`);
      return encodeURIComponent(value);
    });
    const search = Object.entries(input.query ?? {})
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
      .join('&');
    const headers: Record<string, string> = { authorization: `Bearer ${await this.options.getToken()}` };
    if (input.body !== undefined) headers['content-type'] = 'application/json';

    let status: number;
    let text: string;
    let retryAfter: string | null | undefined;
    try {
      const response = await this.fetch(`${this.apiUrl}${path}${search ? `?${search}` : ''}`, {
        method: route.method,
        headers,
        body: input.body === undefined ? undefined : JSON.stringify(input.body),
      });
      status = response.status;
      retryAfter = response.headers?.get('retry-after');
      text = await response.text();
    } catch (error) {
      throw new ApiError('unavailable', `The API could not be reached: ${error instanceof Error ? error.message : String(error)}`);
    }
    const body = parseJson(text);
    if (status >= 400) {
      const error = errorFromResponse(status, body, retryAfter);
      if (error.code === 'unauthorized') this.options.onUnauthorized?.(error);
      throw error;
    }
    return (status === 204 ? null : body) as ResponseOf<N>;
  }
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.slice(0, 200) };
  }
}
