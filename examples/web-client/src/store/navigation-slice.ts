import { PayloadAction, createSlice } from '@reduxjs/toolkit';
import { eventReceived } from '../../../chat-core/events';
import { createGroup } from '../../../chat-core/groups-slice';
import { leaveGroup } from '../../../chat-core/people-slice';

export type GroupTab = 'chat' | 'members' | 'applications';

/** The screen on show. */
export type Screen =
  | { name: 'groups' }
  | { name: 'create' }
  | { name: 'search' }
  | { name: 'group'; groupId: string; tab: GroupTab; threadId: string | null };

export interface NavigationState {
  screen: Screen;
}

const initialState: NavigationState = { screen: { name: 'groups' } };

export const navigationSlice = createSlice({
  name: 'navigation',
  initialState,
  reducers: {
    /** The address bar chose the screen (start, back, forward). */
    navigated(state, action: PayloadAction<Screen>) {
      state.screen = action.payload;
    },
    screenShown(state, action: PayloadAction<{ name: 'groups' | 'create' | 'search' }>) {
      state.screen = action.payload;
    },
    groupShown(state, action: PayloadAction<{ groupId: string; tab?: GroupTab }>) {
      state.screen = { name: 'group', groupId: action.payload.groupId, tab: action.payload.tab ?? 'chat', threadId: null };
    },
    tabShown(state, action: PayloadAction<GroupTab>) {
      if (state.screen.name === 'group') state.screen.tab = action.payload;
    },
    threadShown(state, action: PayloadAction<string | null>) {
      if (state.screen.name === 'group') state.screen.threadId = action.payload;
    },
  },
  extraReducers: (builder) => {
    builder
      .addCase(createGroup.fulfilled, (state, action) => {
        state.screen = { name: 'group', groupId: action.payload.id, tab: 'chat', threadId: null };
      })
      .addCase(leaveGroup.fulfilled, (state, { meta: { arg } }) => {
        if (state.screen.name === 'group' && state.screen.groupId === arg.groupId) state.screen = { name: 'groups' };
      })
      .addCase(eventReceived, (state, { payload: { event, me } }) => {
        // Removed from the group on show: nothing of it may stay on screen.
        if (event.type === 'member.removed' && event.userId === me && state.screen.name === 'group' && state.screen.groupId === event.groupId) {
          state.screen = { name: 'groups' };
        }
      });
  },
});

export const { navigated, screenShown, groupShown, tabShown, threadShown } = navigationSlice.actions;
