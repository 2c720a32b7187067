import type { Driver } from 'neo4j-driver';
import type { z } from 'zod';
import type { EventPage } from '../../contract/events';
import type { Application, ApplicationStatus, Group, GroupSummary, Member, Message, Page, User } from '../../contract/model';
import type { CreateGroupBody, MessagesQuery, RepliesQuery } from '../../contract/requests';
import type { Caller, Outcome } from './outcome';

export type { Audience, Caller, Notification, Outcome, SubscriptionChange } from './outcome';

/** Options of {@link ChatService}. */
export interface ChatServiceOptions {
  /** The Neo4j database. @default - the server's default database */
  database?: string;
  /** The clock. @default - `() => new Date()` */
  now?: () => Date;
}

/**
 * The chat domain: groups, applications, membership and threaded messages on Neo4j, with authorization.
 * Every method is one transaction; writes return what the runtime must deliver after the commit.
 */
export class ChatService {
  constructor(
    readonly driver: Driver,
    readonly options: ChatServiceOptions = {},
  ) {}

  me(_caller: Caller): Promise<User> { return pending(); }
  createGroup(_caller: Caller, _body: z.output<typeof CreateGroupBody>): Promise<Outcome<Group>> { return pending(); }
  listMyGroups(_caller: Caller): Promise<Group[]> { return pending(); }
  searchGroups(_caller: Caller, _text: string, _limit: number): Promise<GroupSummary[]> { return pending(); }
  getGroup(_caller: Caller, _groupId: string): Promise<Group | GroupSummary> { return pending(); }
  apply(_caller: Caller, _groupId: string, _message?: string): Promise<Outcome<Application>> { return pending(); }
  listApplications(_caller: Caller, _groupId: string, _status: ApplicationStatus): Promise<Application[]> { return pending(); }
  approve(_caller: Caller, _groupId: string, _applicantId: string): Promise<Outcome<Application>> { return pending(); }
  reject(_caller: Caller, _groupId: string, _applicantId: string, _reason?: string): Promise<Outcome<Application>> { return pending(); }
  withdraw(_caller: Caller, _groupId: string): Promise<Outcome<Application>> { return pending(); }
  listMembers(_caller: Caller, _groupId: string): Promise<Member[]> { return pending(); }
  removeMember(_caller: Caller, _groupId: string, _userId: string): Promise<Outcome<null>> { return pending(); }
  postMessage(
    _caller: Caller,
    _groupId: string,
    _body: { id: string; body: string; parentId?: string },
  ): Promise<Outcome<Message> & { created: boolean }> { return pending(); }
  listMessages(_caller: Caller, _groupId: string, _query: MessagesQuery): Promise<Page<Message>> { return pending(); }
  listReplies(_caller: Caller, _groupId: string, _messageId: string, _query: RepliesQuery): Promise<Page<Message>> { return pending(); }
  listEvents(_caller: Caller, _groupId: string, _afterSeq: number, _limit: number): Promise<EventPage> { return pending(); }
  groupIdsOf(_userId: string): Promise<string[]> { return pending(); }
}

// Interface first, so the handlers can be written against it; the bodies follow in the next commits.
function pending<T>(): Promise<T> {
  return Promise.reject(new Error('ChatService: not implemented yet'));
}
