import { createSlice } from '@reduxjs/toolkit';
import { eventReceived } from './events';
import { toggleReaction } from './message-changes';

/**
 * Who reacted with what, as far as this client has seen it: pages carry only counts (and whether I am one), the
 * live events carry the person. Keyed by message id, then emoji; used for "who reacted" on a reaction.
 */
export type ReactorsState = Record<string, Record<string, string[]>>;

function note(state: ReactorsState, messageId: string, emoji: string, userId: string, reacted: boolean): void {
  const byEmoji = (state[messageId] ??= {});
  const users = (byEmoji[emoji] ?? []).filter((id) => id !== userId);
  byEmoji[emoji] = reacted ? [...users, userId] : users;
}

export const reactorsSlice = createSlice({
  name: 'reactors',
  initialState: {} as ReactorsState,
  reducers: {},
  extraReducers: (builder) => {
    builder
      .addCase(toggleReaction.fulfilled, (state, { payload: { reaction, me }, meta }) => {
        if (me) note(state, meta.arg.messageId, reaction.emoji, me, reaction.mine);
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
