import { PayloadAction, createSlice } from '@reduxjs/toolkit';
import type { Group, Member, Role } from 'pulumi-groupchat/client';
import { ChatApi, messageOf } from './services';
import { createAppThunk } from './app-thunk';
import { eventReceived } from './events';
import { openGroup } from './chat-slice';

/** The contract's pace for typing notices: the server passes on one per user and group every 3 s; clients show one for 5 s. */
export const TYPING_SEND_EVERY_MS = 3_000;
export const TYPING_SHOWN_MS = 5_000;

/** Who is online, who is typing where, and the member actions on their way. */
export interface PeopleState {
  /** By user id: whether the user has a live connection (from the members list, then `presence.changed`). */
  presence: Record<string, boolean>;
  /** By group id, then user id: when (ms) the user was last seen typing there. */
  typing: Record<string, Record<string, number>>;
  /** By group id: when (ms) I last told the group I am typing. */
  typingSentAt: Record<string, number>;
  /** By group id: what is on its way (a member's user id, or `settings`), and the last refusal. */
  actions: Record<string, { busy: string[]; error: string | null }>;
}

const initialState: PeopleState = { presence: {}, typing: {}, typingSentAt: {}, actions: {} };

/** A member action: `target` is the member's user id (or `settings`), for the busy state of its buttons. */
function memberAction<A extends { groupId: string }, R>(type: string, target: (arg: A) => string, run: (api: ChatApi, arg: A) => Promise<R>) {
  const thunk = createAppThunk(type, async (arg: A, { extra, rejectWithValue }) => {
    try {
      return await run(extra.api, arg);
    } catch (error) {
      return rejectWithValue(messageOf(error));
    }
  });
  return Object.assign(thunk, { target });
}

/** Makes a member an admin or an admin a member (the owner). */
export const changeRole = memberAction(
  'people/changeRole',
  (arg: { groupId: string; userId: string; role: Exclude<Role, 'owner'> }) => arg.userId,
  (api, { groupId, userId, role }): Promise<Member> => api.setRole(groupId, userId, role),
);

/** Removes a member (owner, admins). */
export const removeMember = memberAction(
  'people/remove',
  (arg: { groupId: string; userId: string }) => arg.userId,
  (api, { groupId, userId }) => api.removeMember(groupId, userId),
);

/** Leaves the group (`me` is my user id); the owner hands the group over first. */
export const leaveGroup = memberAction(
  'people/leave',
  (arg: { groupId: string; me: string }) => arg.me,
  (api, { groupId, me }) => api.removeMember(groupId, me),
);

/** Hands the group to another member (the owner, who becomes an admin). */
export const handOverOwnership = memberAction(
  'people/handOver',
  (arg: { groupId: string; userId: string }) => arg.userId,
  (api, { groupId, userId }): Promise<Group> => api.transferOwnership(groupId, userId),
);

/** Changes the group's name and description (owner, admins). */
export const updateGroupSettings = memberAction(
  'people/updateGroup',
  () => 'settings',
  (api, { groupId, name, description }: { groupId: string; name: string; description: string }): Promise<Group> =>
    api.updateGroup(groupId, { name: name.trim(), description: description.trim() }),
);

const memberActions = [changeRole, removeMember, leaveGroup, handOverOwnership, updateGroupSettings] as const;

/** Reads who of the group's members is online (for members who joined after the group was opened). */
export const loadPresence = createAppThunk('people/loadPresence', async (groupId: string, { extra, rejectWithValue }) => {
  try {
    return await extra.api.listMembers(groupId);
  } catch (error) {
    return rejectWithValue(messageOf(error));
  }
});

/**
 * Tells the group's other members that I am typing, at most once per {@link TYPING_SEND_EVERY_MS} (the server
 * would drop the extra ones anyway), so a composer can call it on every keystroke.
 */
export const typingStarted = createAppThunk('people/typingStarted', (groupId: string, { extra, getState, dispatch }) => {
  const now = Date.now();
  if (now - (getState().people.typingSentAt[groupId] ?? 0) < TYPING_SEND_EVERY_MS) return;
  extra.realtime?.typing(groupId);
  dispatch(typingSent({ groupId, at: now }));
});

export const peopleSlice = createSlice({
  name: 'people',
  initialState,
  reducers: {
    /** A `typing` event arrived at `at` (ms): the realtime glue stamps it, so the reducer stays pure. */
    typingSeen(state, { payload }: PayloadAction<{ groupId: string; userId: string; at: number }>) {
      (state.typing[payload.groupId] ??= {})[payload.userId] = payload.at;
    },
    typingSent(state, { payload }: PayloadAction<{ groupId: string; at: number }>) {
      state.typingSentAt[payload.groupId] = payload.at;
    },
    memberActionErrorDismissed(state, { payload: groupId }: PayloadAction<string>) {
      if (state.actions[groupId]) state.actions[groupId].error = null;
    },
  },
  extraReducers: (builder) => {
    builder.addCase(openGroup.fulfilled, (state, { payload }) => {
      for (const member of payload.members) state.presence[member.user.id] = member.online;
    });
    builder.addCase(loadPresence.fulfilled, (state, { payload }) => {
      for (const member of payload) state.presence[member.user.id] = member.online;
    });
    builder.addCase(eventReceived, (state, { payload: { event } }) => {
      if (event.type === 'presence.changed') state.presence[event.userId] = event.online;
      // A message ends its author's typing.
      if (event.type === 'message.created') delete state.typing[event.groupId]?.[event.message.authorId];
    });
    for (const action of memberActions) {
      builder
        .addCase(action.pending, (state, { meta }) => {
          const group = (state.actions[meta.arg.groupId] ??= { busy: [], error: null });
          group.busy.push(action.target(meta.arg as never));
          group.error = null;
        })
        .addCase(action.fulfilled, (state, { meta }) => {
          const group = state.actions[meta.arg.groupId];
          if (group) group.busy = group.busy.filter((target) => target !== action.target(meta.arg as never));
        })
        .addCase(action.rejected, (state, { meta, payload }) => {
          const group = (state.actions[meta.arg.groupId] ??= { busy: [], error: null });
          group.busy = group.busy.filter((target) => target !== action.target(meta.arg as never));
          group.error = payload ?? 'That did not work.';
        });
    }
  },
});

export const { typingSeen, typingSent, memberActionErrorDismissed } = peopleSlice.actions;

/** Who is typing in the group at `now` (ms), me excluded, oldest first. */
export function typingUserIds(typing: Record<string, number> | undefined, now: number, me: string | undefined): string[] {
  return Object.entries(typing ?? {})
    .filter(([userId, at]) => userId !== me && now - at < TYPING_SHOWN_MS)
    .sort(([, a], [, b]) => a - b)
    .map(([userId]) => userId);
}

/** "Bob is typing…", "Bob and Carol are typing…", "Bob, Carol and Dan are typing…", "Several people are typing…"; '' for no one. */
export function typingLine(names: readonly string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length > 3) return 'Several people are typing…';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]} are typing…`;
}

/**
 * What `me` (with role `mine`) may do to a member with role `theirs`, by the contract's rules: the owner sets
 * roles and hands the group over; owners and admins remove members and admins (never an owner); anyone but the
 * owner leaves.
 */
export function allowedActions(mine: Role, theirs: Role, isMe: boolean) {
  if (isMe) return { promote: false, demote: false, remove: false, handOver: false, leave: mine !== 'owner' };
  const owner = mine === 'owner';
  return {
    promote: owner && theirs === 'member',
    demote: owner && theirs === 'admin',
    remove: (owner || mine === 'admin') && theirs !== 'owner',
    handOver: owner,
    leave: false,
  };
}
