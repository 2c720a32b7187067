import type { MyGroup } from 'pulumi-groupchat/client';
import { messageOf } from './services';
import { createAppThunk } from './app-thunk';

/** The reading state of a group as `GET /groups` gives it. */
export type ReadState = Pick<MyGroup, 'id' | 'seq' | 'unreadCount' | 'mentionCount' | 'lastReadSeq' | 'lastMessageAt'>;

/**
 * Moves my read marker in the group forward to `seq`, the newest message I have seen; a `seq` at or below the
 * marker sends nothing. When messages I have not seen remain after it, the counts are read again (only the server
 * knows which of them were replies, mentions or deleted).
 */
export const markRead = createAppThunk(
  'groups/markRead',
  async ({ groupId, seq }: { groupId: string; seq: number }, { extra, dispatch, getState, rejectWithValue }) => {
    let lastReadSeq: number;
    try {
      lastReadSeq = await extra.api.markRead(groupId, seq);
    } catch (error) {
      return rejectWithValue(messageOf(error));
    }
    if (getState().groups.mine.find((group) => group.id === groupId)?.unreadCount) void dispatch(refreshUnreadCounts());
    return lastReadSeq;
  },
  {
    condition: ({ groupId, seq }, { getState }) => {
      const group = getState().groups.mine.find((candidate) => candidate.id === groupId);
      return group !== undefined && seq > group.lastReadSeq;
    },
  },
);

/** Reads the unread and mention counts of my groups again, without following anything anew. */
export const refreshUnreadCounts = createAppThunk('groups/refreshUnread', async (_: void, { extra, rejectWithValue }) => {
  try {
    return (await extra.api.listMyGroups()).map(({ id, seq, unreadCount, mentionCount, lastReadSeq, lastMessageAt }): ReadState => ({
      id, seq, unreadCount, mentionCount, lastReadSeq, lastMessageAt,
    }));
  } catch (error) {
    return rejectWithValue(messageOf(error));
  }
});

/** Activity order for a group list: the newest message first, a group without messages by its creation. */
export function byActivity(a: Pick<MyGroup, 'lastMessageAt' | 'createdAt' | 'name'>, b: Pick<MyGroup, 'lastMessageAt' | 'createdAt' | 'name'>): number {
  const at = (group: typeof a) => Date.parse(group.lastMessageAt ?? group.createdAt);
  return at(b) - at(a) || a.name.localeCompare(b.name);
}
