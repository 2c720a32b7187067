import { createSelector } from '@reduxjs/toolkit';
import type { MyGroup } from 'pulumi-groupchat/client';
import { messageOf } from './services';
import { createAppThunk } from './app-thunk';
import type { CoreState } from './store';

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

/**
 * Reads the unread and mention counts of my groups again, without following anything anew. `askedFor` is the
 * groups in my list when it asked: one of them missing from the answer is a group I was removed from unseen
 * (while offline, say); a group created meanwhile is not among them.
 */
export const refreshUnreadCounts = createAppThunk('groups/refreshUnread', async (_: void, { extra, getState, rejectWithValue }) => {
  const askedFor = getState().groups.mine.map((group) => group.id);
  try {
    const reads = (await extra.api.listMyGroups()).map(({ id, seq, unreadCount, mentionCount, lastReadSeq, lastMessageAt }): ReadState => ({
      id, seq, unreadCount, mentionCount, lastReadSeq, lastMessageAt,
    }));
    return { reads, askedFor };
  } catch (error) {
    return rejectWithValue(messageOf(error));
  }
});

/** Activity order for a group list: the newest message first, a group without messages by its creation. */
export function byActivity(a: Pick<MyGroup, 'lastMessageAt' | 'createdAt' | 'name'>, b: Pick<MyGroup, 'lastMessageAt' | 'createdAt' | 'name'>): number {
  const at = (group: typeof a) => Date.parse(group.lastMessageAt ?? group.createdAt);
  return at(b) - at(a) || a.name.localeCompare(b.name);
}

/** My groups in activity order (see {@link byActivity}), the same array while the list is unchanged. */
export const selectMyGroupsByActivity = createSelector([(state: CoreState) => state.groups.mine], (mine) => [...mine].sort(byActivity));
