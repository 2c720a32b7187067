import { PayloadAction, createSlice } from '@reduxjs/toolkit';
import type { Application, Group, GroupSummary } from 'pulumi-groupchat/client';
import { messageOf } from './services';
import { createAppThunk } from './app-thunk';
import { eventReceived } from './events';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'failed';

/** What became of one of my applications, told once the owner decided. */
export interface Notice {
  /** The application's id. */
  id: string;
  kind: 'approved' | 'rejected';
  groupId: string;
  groupName: string;
  reason: string | null;
}

/** An application the signed-in user sent in this session. */
export interface SentApplication {
  status: 'sending' | 'pending' | 'approved' | 'rejected' | 'failed';
  error: string | null;
}

/** My groups, the search for others, and my own applications. */
export interface GroupsState {
  mine: Group[];
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

function decided(state: GroupsState, application: Application, kind: Notice['kind']): void {
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
  },
  extraReducers: (builder) => {
    builder
      .addCase(loadMyGroups.pending, (state) => {
        if (state.status !== 'ready') state.status = 'loading';
      })
      .addCase(loadMyGroups.fulfilled, (state, action) => {
        state.mine = [...action.payload].sort(byName);
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
        state.mine = [...state.mine.filter((group) => group.id !== action.payload.id), action.payload].sort(byName);
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
      .addCase(eventReceived, (state, { payload: { event, me } }) => {
        switch (event.type) {
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

export const { noticeDismissed } = groupsSlice.actions;
