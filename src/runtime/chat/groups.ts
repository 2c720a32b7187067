import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { ApiError } from '../../contract/errors';
import { LIMITS } from '../../contract/limits';
import type { Group, GroupSummary, MyGroup, User } from '../../contract/model';
import { CreateGroupBody } from '../../contract/requests';
import * as groups from '../store/groups';
import { toGroup } from '../store/mapping';
import { readStatement } from '../store/transactions';
import { requireMember } from './authorization';
import { parseInput, parseLimit } from './input';
import { subscribe, toUsers } from './notifications';
import type { Caller, Outcome } from './outcome';
import { ChatUseCase } from './use-case';

/** The caller's profile and groups: creating, listing, searching and reading them. */
export class GroupUseCases extends ChatUseCase {
  /** The caller's profile, created or updated from the token's claims. */
  async me(caller: Caller): Promise<User> {
    return this.write(caller, async (_tx, user) => user);
  }

  /** Creates a group; the caller becomes its owner and is subscribed to it; the caller's devices get `group.created`. */
  async createGroup(caller: Caller, body: z.output<typeof CreateGroupBody>): Promise<Outcome<Group>> {
    const { name, description, discoverable } = parseInput(CreateGroupBody, body, 'group');
    const id = randomUUID();
    const now = this.now();
    const group = await this.write(caller, (tx) =>
      groups.createGroup(tx, { id, name, description, discoverable, ownerId: caller.id, now }),
    );
    return {
      result: group,
      notifications: [toUsers([caller.id], { type: 'group.created', groupId: id, group })],
      subscriptions: [subscribe(caller.id, id)],
    };
  }

  /** The caller's groups, newest first, with the caller's unread and mention counts: one statement, one round trip. */
  async listMyGroups(caller: Caller): Promise<MyGroup[]> {
    return readStatement(this.target, (runner) => groups.groupsOf(runner, caller.id));
  }

  /** Discoverable groups whose name or description contains `text` (ignoring case). */
  async searchGroups(_caller: Caller, text: string, limit: number): Promise<GroupSummary[]> {
    const query = typeof text === 'string' ? text.trim() : '';
    if (query.length === 0 || query.length > LIMITS.searchQueryChars) {
      throw new ApiError('bad_request', `query must be 1 to ${LIMITS.searchQueryChars} characters.`);
    }
    const pageSize = parseLimit(limit);
    return this.read((tx) => groups.searchGroups(tx, query, pageSize));
  }

  /** The group for its members; its summary for others when it is discoverable. */
  async getGroup(caller: Caller, groupId: string): Promise<Group | GroupSummary> {
    const access = await this.read((tx) => groups.groupAccess(tx, groupId, caller.id));
    if (access && !access.role && access.group.discoverable) {
      const { id, name, description } = access.group;
      return { id, name, description, memberCount: access.memberCount };
    }
    const { group, memberCount, role } = requireMember(access, groupId, 'see it');
    return toGroup(group, memberCount, role);
  }

  /** The ids of the user's groups, for WebSocket subscriptions on `$connect`. */
  async groupIdsOf(userId: string): Promise<string[]> {
    return this.read((tx) => groups.groupIdsOf(tx, userId));
  }

  /** The `seq` each of the user's groups has reached: what a pong tells the client, so it notices an event it never got. */
  async latestSeqs(userId: string): Promise<Record<string, number>> {
    return this.read((tx) => groups.latestSeqsOf(tx, userId));
  }
}
