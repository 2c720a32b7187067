import { PayloadAction, createSlice } from '@reduxjs/toolkit';
import { eventReceived } from '../../../chat-core/events';
import { createGroup } from '../../../chat-core/groups-slice';
import { leaveGroup } from '../../../chat-core/people-slice';

export type GroupTab = 'chat' | 'members' | 'applications';

/** A screen of the app, with what it shows: the navigation state is a stack of these (the last one on show). */
export type Route =
  | { name: 'groups' }
  | { name: 'search' }
  | { name: 'group'; groupId: string; tab: GroupTab }
  | { name: 'thread'; groupId: string; messageId: string };

export interface NavigationState {
  stack: Route[];
}

const initialState: NavigationState = { stack: [{ name: 'groups' }] };

/** Leaves every screen of `groupId` (the user left it or was removed). */
const dropGroup = (state: NavigationState, groupId: string) => {
  state.stack = state.stack.filter((route) => !('groupId' in route) || route.groupId !== groupId);
};

export const navigationSlice = createSlice({
  name: 'navigation',
  initialState,
  reducers: {
    /** Opens a screen on top of the one on show. */
    pushed(state, action: PayloadAction<Route>) {
      state.stack.push(action.payload);
    },
    /** Back (the header's button, Android's back button): false when there is nowhere to go back to. */
    popped(state) {
      if (state.stack.length > 1) state.stack.pop();
    },
    /** Switches the tab of the group on show. */
    tabShown(state, action: PayloadAction<GroupTab>) {
      const top = state.stack[state.stack.length - 1]!;
      if (top.name === 'group') top.tab = action.payload;
    },
  },
  extraReducers: (builder) => {
    builder
      .addCase(createGroup.fulfilled, (state, action) => {
        state.stack = [{ name: 'groups' }, { name: 'group', groupId: action.payload.id, tab: 'chat' }];
      })
      .addCase(leaveGroup.fulfilled, (state, { meta: { arg } }) => dropGroup(state, arg.groupId))
      .addCase(eventReceived, (state, { payload: { event, me } }) => {
        // Removed from a group: nothing of it may stay on screen.
        if (event.type === 'member.removed' && event.userId === me) dropGroup(state, event.groupId);
      });
  },
});

export const { pushed, popped, tabShown } = navigationSlice.actions;
