import { createSlice } from '@reduxjs/toolkit';
import { LIMITS, type Message } from 'pulumi-groupchat/client';
import { createAppThunk } from './app-thunk';
import { eventReceived } from './events';
import { findMessage, toggleReaction } from './message-changes';
import { messageOf } from './services';

/**
 * Who reacted with what, as far as this client knows: pages carry only counts (and whether I am one); the live
 * events carry the person, and {@link loadReactors} reads the people of a message's reactions made before.
 * Keyed by message id, then emoji; used for "who reacted" on a reaction.
 */
export type ReactorsState = Record<string, Record<string, string[]>>;

function note(state: ReactorsState, messageId: string, emoji: string, userId: string, reacted: boolean): void {
  const byEmoji = (state[messageId] ??= {});
  const users = (byEmoji[emoji] ?? []).filter((id) => id !== userId);
  byEmoji[emoji] = reacted ? [...users, userId] : users;
}

/** Whether some reaction of the message names fewer people than the server would (so it is worth asking). */
export function reactorsMissing(message: Pick<Message, 'reactions'>, known: Record<string, string[]> | undefined): boolean {
  return message.reactions.some((reaction) => (known?.[reaction.emoji]?.length ?? 0) < Math.min(reaction.count, LIMITS.reactorsListed));
}

/**
 * Reads who reacted to a message (when a reaction is about to be shown with its people, e.g. on hover), unless every
 * reaction's people are known already.
 */
export const loadReactors = createAppThunk(
  'reactors/load',
  async ({ groupId, messageId }: { groupId: string; messageId: string }, { extra, rejectWithValue }) => {
    try {
      return await extra.api.listReactions(groupId, messageId);
    } catch (error) {
      return rejectWithValue(messageOf(error));
    }
  },
  {
    condition: ({ groupId, messageId }, { getState }) => {
      const state = getState();
      const chat = state.chat[groupId];
      const message = chat && findMessage(chat, messageId);
      return message !== undefined && reactorsMissing(message, state.reactors[messageId]);
    },
  },
);

export const reactorsSlice = createSlice({
  name: 'reactors',
  initialState: {} as ReactorsState,
  reducers: {},
  extraReducers: (builder) => {
    builder
      .addCase(toggleReaction.fulfilled, (state, { payload: { reaction, me }, meta }) => {
        if (me) note(state, meta.arg.messageId, reaction.emoji, me, reaction.mine);
      })
      .addCase(loadReactors.fulfilled, (state, { payload, meta }) => {
        state[meta.arg.messageId] = Object.fromEntries(payload.map((reaction) => [reaction.emoji, reaction.users.map((user) => user.id)]));
      })
      .addCase(eventReceived, (state, { payload: { event } }) => {
        if (event.type === 'reaction.added' || event.type === 'reaction.removed') {
          note(state, event.messageId, event.emoji, event.userId, event.type === 'reaction.added');
        } else if (event.type === 'message.deleted') {
          delete state[event.message.id];
        }
      });
  },
});

/**
 * Who reacted with `emoji`, in words: the names seen, "You" first when `mine`, and how many others besides
 * ("You, Bob and 2 others"). `nameOf` turns a user id into a name.
 */
export function describeReactors(
  reaction: { emoji: string; count: number; mine: boolean },
  seen: readonly string[],
  me: string | undefined,
  nameOf: (userId: string) => string,
): string {
  const names = [...(reaction.mine ? ['You'] : []), ...seen.filter((id) => id !== me).map(nameOf)].slice(0, reaction.count);
  const others = reaction.count - names.length;
  const rest = names.length ? (others === 1 ? '1 other' : `${others} others`) : others === 1 ? '1 person' : `${others} people`;
  const parts = others > 0 ? [...names, rest] : names;
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0]!;
  return `${list} reacted with ${reaction.emoji}`;
}
