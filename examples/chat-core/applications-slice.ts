import { createSlice } from '@reduxjs/toolkit';
import type { Application } from 'pulumi-groupchat/client';
import { messageOf } from './services';
import { createAppThunk } from './app-thunk';
import { eventReceived } from './events';
import type { LoadStatus } from './groups-slice';

/** The pending applications of one group, as its owner or an admin sees them. */
export interface GroupApplications {
  pending: Application[];
  status: LoadStatus;
  error: string | null;
  /** Applicant ids whose approval or rejection is on its way. */
  deciding: string[];
}

export type ApplicationsState = Record<string, GroupApplications>;

const empty = (): GroupApplications => ({ pending: [], status: 'idle', error: null, deciding: [] });

export const loadApplications = createAppThunk('applications/load', async (groupId: string, { extra, rejectWithValue }) => {
  try {
    return await extra.api.listApplications(groupId, 'pending');
  } catch (error) {
    return rejectWithValue(messageOf(error));
  }
});

export const approveApplication = createAppThunk(
  'applications/approve',
  async ({ groupId, userId }: { groupId: string; userId: string }, { extra, rejectWithValue }) => {
    try {
      return await extra.api.approve(groupId, userId);
    } catch (error) {
      return rejectWithValue(messageOf(error));
    }
  },
);

export const rejectApplication = createAppThunk(
  'applications/reject',
  async ({ groupId, userId, reason }: { groupId: string; userId: string; reason: string }, { extra, rejectWithValue }) => {
    try {
      return await extra.api.reject(groupId, userId, reason.trim() ? { reason: reason.trim() } : {});
    } catch (error) {
      return rejectWithValue(messageOf(error));
    }
  },
);

function settle(group: GroupApplications, application: Application): void {
  group.pending = group.pending.filter((candidate) => candidate.id !== application.id);
  group.deciding = group.deciding.filter((userId) => userId !== application.applicant.id);
}

export const applicationsSlice = createSlice({
  name: 'applications',
  initialState: {} as ApplicationsState,
  reducers: {},
  extraReducers: (builder) => {
    builder
      .addCase(loadApplications.pending, (state, action) => {
        const group = (state[action.meta.arg] ??= empty());
        if (group.status !== 'ready') group.status = 'loading';
      })
      .addCase(loadApplications.fulfilled, (state, action) => {
        state[action.meta.arg] = { ...(state[action.meta.arg] ?? empty()), pending: action.payload, status: 'ready', error: null };
      })
      .addCase(loadApplications.rejected, (state, action) => {
        const group = (state[action.meta.arg] ??= empty());
        group.status = 'failed';
        group.error = action.payload ?? 'Could not read the applications.';
      })
      .addCase(approveApplication.pending, (state, action) => {
        const group = (state[action.meta.arg.groupId] ??= empty());
        group.deciding.push(action.meta.arg.userId);
        group.error = null;
      })
      .addCase(rejectApplication.pending, (state, action) => {
        const group = (state[action.meta.arg.groupId] ??= empty());
        group.deciding.push(action.meta.arg.userId);
        group.error = null;
      })
      .addCase(approveApplication.fulfilled, (state, action) => settle((state[action.meta.arg.groupId] ??= empty()), action.payload))
      .addCase(rejectApplication.fulfilled, (state, action) => settle((state[action.meta.arg.groupId] ??= empty()), action.payload))
      .addCase(approveApplication.rejected, (state, action) => {
        const group = (state[action.meta.arg.groupId] ??= empty());
        group.deciding = group.deciding.filter((userId) => userId !== action.meta.arg.userId);
        group.error = action.payload ?? 'Could not approve.';
      })
      .addCase(rejectApplication.rejected, (state, action) => {
        const group = (state[action.meta.arg.groupId] ??= empty());
        group.deciding = group.deciding.filter((userId) => userId !== action.meta.arg.userId);
        group.error = action.payload ?? 'Could not reject.';
      })
      .addCase(eventReceived, (state, { payload: { event, me } }) => {
        if (!event.type.startsWith('application.') || !('application' in event)) return;
        const { application } = event;
        if (application.applicant.id === me) return; // my own application: the groups slice tells me
        const group = (state[event.groupId] ??= empty());
        if (event.type === 'application.created') {
          if (!group.pending.some((candidate) => candidate.id === application.id)) group.pending.push(application);
        } else {
          settle(group, application); // decided here or by another admin
        }
      });
  },
});
