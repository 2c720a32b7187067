import { PayloadAction, createSlice } from '@reduxjs/toolkit';
import type { Application, Group, GroupSummary, Message, MyGroup } from 'pulumi-groupchat/client';
import { messageOf } from './services';
import { createAppThunk } from './app-thunk';
import { eventReceived } from './events';
import { handOverOwnership, leaveGroup, updateGroupSettings } from './people-slice';
import { markRead, refreshUnreadCounts } from './read-markers';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'failed';

/** What became of one of my applications, told once the owner decided; or that I was removed from a group. */
export interface Notice {
  /** The application's id; for a removal, `removed:{groupId}:{seq}`. */
  id: string;
  kind: 'approved' | 'rejected' | 'removed';
  groupId: string;
  groupName: string;
  reason: string | null;
  /** Who removed me, when their name is known. */
  by?: string | null;
}

/** An application the signed-in user sent in this session. */
export interface SentApplication {
  status: 'sending' | 'pending' | 'approved' | 'rejected' | 'failed';
  error: string | null;
}

/** My groups, the search for others, and my own applications. */
export interface GroupsState {
  /** With my unread and mention counts, kept current by events; shown in activity order (`byActivity`). */
  mine: MyGroup[];
  status: LoadStatus;
  error: string | null;
  creating: boolean;
  createError: string | null;
  search: { query: string; results: GroupSummary[]; status: LoadStatus; error: string | null };
  /** My applications by group id. */
  sent: Record<string, SentApplication>;
  /** Names of groups seen in search results, for the notices about them. */
  names: Record<string, string>;
  notices: Notice[];
}

const initialState: GroupsState = {
  mine: [],
  status: 'idle',
  error: null,
  creating: false,
  createError: null,
  search: { query: '', results: [], status: 'idle', error: null },
  sent: {},
  names: {},
  notices: [],
};

/** Reads my groups and follows each on the realtime connection from the `seq` just read. */
export const loadMyGroups = createAppThunk('groups/loadMine', async (_: void, { extra, rejectWithValue }) => {
  try {
    const groups = await extra.api.listMyGroups();
    for (const group of groups) extra.realtime?.follow(group.id, group.seq);
    return groups;
  } catch (error) {
    return rejectWithValue(messageOf(error));
  }
});

export const createGroup = createAppThunk(
  'groups/create',
  async (input: { name: string; description: string; discoverable: boolean }, { extra, rejectWithValue }) => {
    try {
      const group = await extra.api.createGroup(input);
      extra.realtime?.follow(group.id, group.seq);
      return group;
    } catch (error) {
      return rejectWithValue(messageOf(error));
    }
  },
);

export const searchGroups = createAppThunk('groups/search', async (query: string, { extra, rejectWithValue }) => {
  try {
    return await extra.api.searchGroups(query);
  } catch (error) {
    return rejectWithValue(messageOf(error));
  }
});

export const applyToGroup = createAppThunk(
  'groups/apply',
  async ({ groupId, message }: { groupId: string; message: string }, { extra, rejectWithValue }) => {
    try {
      return await extra.api.apply(groupId, message.trim() ? { message: message.trim() } : {});
    } catch (error) {
      return rejectWithValue(messageOf(error));
    }
  },
);

const byName = (a: Group, b: Group) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
/** A group I just created: nothing in it to read. */
const fresh = (group: Group): MyGroup => ({ ...group, unreadCount: 0, mentionCount: 0, lastReadSeq: group.seq, lastMessageAt: null });

function decided(state: GroupsState, application: Application, kind: 'approved' | 'rejected'): void {
  state.sent[application.groupId] = { status: kind, error: null };
  if (state.notices.some((notice) => notice.id === application.id && notice.kind === kind)) return;
  state.notices.push({
    id: application.id,
    kind,
    groupId: application.groupId,
    groupName: state.names[application.groupId] ?? 'a group',
    reason: application.reason,
  });
}

export const groupsSlice = createSlice({
  name: 'groups',
  initialState,
  reducers: {
    noticeDismissed(state, action: PayloadAction<string>) {
      state.notices = state.notices.filter((notice) => notice.id !== action.payload);
    },
    /** Someone removed me from a group (told before the `member.removed` event takes the group away). */
    removedFromGroup(state, { payload }: PayloadAction<{ groupId: string; seq: number; by: string | null }>) {
      const id = `removed:${payload.groupId}:${payload.seq}`;
      const group = state.mine.find((candidate) => candidate.id === payload.groupId);
      if (!group || state.notices.some((notice) => notice.id === id)) return;
      state.notices.push({ id, kind: 'removed', groupId: group.id, groupName: group.name, reason: null, by: payload.by });
    },
  },
  extraReducers: (builder) => {
    builder
      .addCase(loadMyGroups.pending, (state) => {
        if (state.status !== 'ready') state.status = 'loading';
      })
      .addCase(loadMyGroups.fulfilled, (state, action) => {
        state.mine = [...action.payload].sort(byName);
        // An approval told before the group's name was known (not found by search here) names it now.
        for (const notice of state.notices) {
          const group = state.mine.find((candidate) => candidate.id === notice.groupId);
          if (group && notice.kind === 'approved') notice.groupName = group.name;
        }
        state.status = 'ready';
        state.error = null;
      })
      .addCase(loadMyGroups.rejected, (state, action) => {
        state.status = 'failed';
        state.error = action.payload ?? 'Could not read your groups.';
      })
      .addCase(createGroup.pending, (state) => {
        state.creating = true;
        state.createError = null;
      })
      .addCase(createGroup.fulfilled, (state, action) => {
        state.creating = false;
        state.mine = [...state.mine.filter((group) => group.id !== action.payload.id), fresh(action.payload)].sort(byName);
      })
      .addCase(createGroup.rejected, (state, action) => {
        state.creating = false;
        state.createError = action.payload ?? 'Could not create the group.';
      })
      .addCase(searchGroups.pending, (state, action) => {
        state.search = { query: action.meta.arg, results: state.search.results, status: 'loading', error: null };
      })
      .addCase(searchGroups.fulfilled, (state, action) => {
        if (action.meta.arg !== state.search.query) return; // an older search answered late
        state.search.results = action.payload;
        state.search.status = 'ready';
        for (const summary of action.payload) state.names[summary.id] = summary.name;
      })
      .addCase(searchGroups.rejected, (state, action) => {
        if (action.meta.arg !== state.search.query) return;
        state.search.status = 'failed';
        state.search.error = action.payload ?? 'The search failed.';
      })
      .addCase(applyToGroup.pending, (state, action) => {
        state.sent[action.meta.arg.groupId] = { status: 'sending', error: null };
      })
      .addCase(applyToGroup.fulfilled, (state, action) => {
        const current = state.sent[action.meta.arg.groupId];
        // The decision can arrive over the socket before the answer to the request.
        if (current?.status === 'sending') state.sent[action.meta.arg.groupId] = { status: 'pending', error: null };
      })
      .addCase(applyToGroup.rejected, (state, action) => {
        state.sent[action.meta.arg.groupId] = { status: 'failed', error: action.payload ?? 'Could not apply.' };
      })
      .addCase(markRead.pending, (state, { meta: { arg } }) => {
        const group = state.mine.find((candidate) => candidate.id === arg.groupId);
        if (group) readUpTo(group, arg.seq);
      })
      .addCase(markRead.fulfilled, (state, { payload, meta: { arg } }) => {
        const group = state.mine.find((candidate) => candidate.id === arg.groupId);
        if (group) readUpTo(group, payload);
      })
      .addCase(refreshUnreadCounts.fulfilled, (state, { payload: { reads, askedFor } }) => {
        const listed = new Set(reads.map((read) => read.id));
        for (const gone of askedFor.filter((id) => !listed.has(id))) {
          const group = state.mine.find((candidate) => candidate.id === gone);
          if (!group) continue; // left or removed meanwhile, and told so then
          state.notices.push({ id: `removed:${gone}:unseen`, kind: 'removed', groupId: gone, groupName: group.name, reason: null, by: null });
          state.mine = state.mine.filter((candidate) => candidate.id !== gone);
        }
        for (const read of reads) {
          const group = state.mine.find((candidate) => candidate.id === read.id);
          // An answer that has not seen every event seen here would undo the counting of the newer ones.
          if (!group || read.seq < group.seq) continue;
          Object.assign(group, read, { lastReadSeq: Math.max(group.lastReadSeq, read.lastReadSeq) });
        }
      })
      .addCase(updateGroupSettings.fulfilled, (state, { payload }) => {
        const group = state.mine.find((candidate) => candidate.id === payload.id);
        if (group) Object.assign(group, { name: payload.name, description: payload.description, discoverable: payload.discoverable });
      })
      .addCase(handOverOwnership.fulfilled, (state, { payload }) => {
        const group = state.mine.find((candidate) => candidate.id === payload.id);
        if (group) group.role = payload.role;
      })
      .addCase(leaveGroup.fulfilled, (state, { meta: { arg } }) => {
        state.mine = state.mine.filter((group) => group.id !== arg.groupId);
      })
      .addCase(eventReceived, (state, { payload: { event, me } }) => {
        const mine = 'groupId' in event ? state.mine.find((candidate) => candidate.id === event.groupId) : undefined;
        // Counted once: an event at or below the group's seq was in the counts already.
        const fresh = mine !== undefined && 'seq' in event && event.seq > mine.seq;
        if (fresh) mine.seq = event.seq;
        switch (event.type) {
          case 'message.created':
            if (fresh) countMessage(mine, event.message, me);
            return;
          case 'read_marker.updated':
            if (mine) readUpTo(mine, event.lastReadSeq);
            return;
          case 'group.updated':
            if (mine) Object.assign(mine, { name: event.group.name, description: event.group.description, discoverable: event.group.discoverable, memberCount: event.group.memberCount });
            return;
          case 'member.role_changed':
            if (mine && event.member.user.id === me) mine.role = event.member.role;
            return;
          case 'application.approved':
          case 'application.rejected':
            if (event.application.applicant.id === me) decided(state, event.application, event.type === 'application.approved' ? 'approved' : 'rejected');
            return;
          case 'member.joined': {
            const group = state.mine.find((candidate) => candidate.id === event.groupId);
            if (group && event.member.user.id !== me) group.memberCount += 1;
            return;
          }
          case 'member.removed':
            if (event.userId === me) state.mine = state.mine.filter((group) => group.id !== event.groupId);
            else {
              const group = state.mine.find((candidate) => candidate.id === event.groupId);
              if (group) group.memberCount = Math.max(1, group.memberCount - 1);
            }
            return;
          default:
            return;
        }
      });
  },
});

export const { noticeDismissed, removedFromGroup } = groupsSlice.actions;

/** My marker moved to `seq`: at or past the group's newest event, nothing is unread any more. */
function readUpTo(group: MyGroup, seq: number): void {
  if (seq <= group.lastReadSeq) return;
  group.lastReadSeq = seq;
  if (seq >= group.seq) {
    group.unreadCount = 0;
    group.mentionCount = 0;
  }
}

/** A new message or reply: the group's activity moves; one of mine marks the group read, one of others' is unread. */
function countMessage(group: MyGroup, message: Message, me: string): void {
  if (!group.lastMessageAt || message.createdAt > group.lastMessageAt) group.lastMessageAt = message.createdAt;
  if (message.authorId === me) {
    group.lastReadSeq = Math.max(group.lastReadSeq, message.seq);
    group.unreadCount = 0;
    group.mentionCount = 0;
  } else if (message.seq > group.lastReadSeq && !message.deletedAt) {
    group.unreadCount += 1;
    if (message.mentions.includes(me)) group.mentionCount += 1;
  }
}
