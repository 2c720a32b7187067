import type { ActionReducerMapBuilder } from '@reduxjs/toolkit';
import type { GroupEvent, Message, Reaction } from 'pulumi-groupchat/client';
import { createAppThunk } from './app-thunk';
import { eventReceived } from './events';
import { messageOf } from './services';
import type { ChatState, GroupChat } from './chat-slice';

/*
 * Changes to messages already posted: edits, deletions (tombstones) and reactions, from my own actions and from
 * the live events of everyone's. The reducers are added to the chat slice by `addMessageChanges`.
 */

/** Edits a message of mine: its new body and the members it mentions. */
export const editMessage = createAppThunk(
  'chat/editMessage',
  async (
    { groupId, messageId, body, mentions }: { groupId: string; messageId: string; body: string; mentions?: string[] },
    { extra, rejectWithValue },
  ) => {
    try {
      return await extra.api.editMessage(groupId, messageId, { body, ...(mentions?.length ? { mentions } : {}) });
    } catch (error) {
      return rejectWithValue(messageOf(error));
    }
  },
);

/** Deletes a message (mine, or anyone's for owners and admins): it stays as a tombstone with its replies. */
export const deleteMessage = createAppThunk(
  'chat/deleteMessage',
  async ({ groupId, messageId }: { groupId: string; messageId: string }, { extra, rejectWithValue }) => {
    try {
      return await extra.api.deleteMessage(groupId, messageId);
    } catch (error) {
      return rejectWithValue(messageOf(error));
    }
  },
);

/** Adds my reaction with `emoji`, or takes it back when I have reacted with it already. */
export const toggleReaction = createAppThunk(
  'chat/toggleReaction',
  async ({ groupId, messageId, emoji }: { groupId: string; messageId: string; emoji: string }, { extra, getState, rejectWithValue }) => {
    const chat = getState().chat[groupId];
    const mine = chat ? findMessage(chat, messageId)?.reactions.some((reaction) => reaction.emoji === emoji && reaction.mine) : false;
    try {
      const reaction = mine ? await extra.api.removeReaction(groupId, messageId, emoji) : await extra.api.addReaction(groupId, messageId, emoji);
      return { reaction, me: getState().session.user?.id ?? null };
    } catch (error) {
      return rejectWithValue(messageOf(error));
    }
  },
);

/** A loaded message by id: top-level, or a reply on a thread page. */
export function findMessage(chat: GroupChat, messageId: string): Message | undefined {
  const top = chat.messages.find((message) => message.id === messageId);
  if (top) return top;
  for (const thread of Object.values(chat.threads)) {
    const reply = thread.items.find((message) => message.id === messageId);
    if (reply) return reply;
  }
  return undefined;
}

/**
 * Puts a changed message (edited or deleted) in place of the loaded one. Pushed messages say `mine: false` on every
 * reaction (they go to everyone), so my marks are kept; the reply count never goes back.
 */
function replaceMessage(chat: GroupChat, changed: Message): void {
  const loaded = findMessage(chat, changed.id);
  if (!loaded) return;
  const mine = new Set(loaded.reactions.filter((reaction) => reaction.mine).map((reaction) => reaction.emoji));
  Object.assign(loaded, {
    ...changed,
    replyCount: Math.max(loaded.replyCount, changed.replyCount),
    reactions: changed.reactions.map((reaction) => ({ ...reaction, mine: reaction.mine || mine.has(reaction.emoji) })),
  });
}

/** Sets a message's count of one emoji (removing the chip at zero) and, when known, whether it is mine. */
function setReaction(chat: GroupChat, messageId: string, { emoji, count, mine }: { emoji: string; count: number; mine?: boolean }): void {
  const message = findMessage(chat, messageId);
  if (!message || message.deletedAt) return;
  const at = message.reactions.findIndex((reaction) => reaction.emoji === emoji);
  if (count <= 0) {
    if (at >= 0) message.reactions.splice(at, 1);
    return;
  }
  const reaction: Reaction = { emoji, count, mine: mine ?? message.reactions[at]?.mine ?? false };
  if (at >= 0) message.reactions[at] = reaction;
  else message.reactions.push(reaction);
}

/** The group events that change a message already posted. */
export type ChangeEvent = Extract<GroupEvent, { type: 'message.updated' | 'message.deleted' | 'reaction.added' | 'reaction.removed' }>;

const isChange = (event: { type: string }): event is ChangeEvent =>
  ['message.updated', 'message.deleted', 'reaction.added', 'reaction.removed'].includes(event.type);

/** Applies an edit, deletion or reaction (`me` is the signed-in user, to tell my reactions). */
export function applyChange(chat: GroupChat, event: ChangeEvent, me: string): void {
  switch (event.type) {
    case 'message.updated':
    case 'message.deleted':
      return replaceMessage(chat, event.message);
    default:
      return setReaction(chat, event.messageId, {
        emoji: event.emoji,
        count: event.count,
        ...(event.userId === me ? { mine: event.type === 'reaction.added' } : {}),
      });
  }
}

/** Adds the reducers of this module to the chat slice's builder (after its own cases: these are matchers). */
export function addMessageChanges(builder: ActionReducerMapBuilder<ChatState>): void {
  builder
    .addMatcher(editMessage.fulfilled.match, (state, { payload, meta }) => {
      const chat = state[meta.arg.groupId];
      if (chat) replaceMessage(chat, payload);
    })
    .addMatcher(deleteMessage.fulfilled.match, (state, { payload, meta }) => {
      const chat = state[meta.arg.groupId];
      if (chat) replaceMessage(chat, payload);
    })
    .addMatcher(toggleReaction.fulfilled.match, (state, { payload: { reaction }, meta }) => {
      const chat = state[meta.arg.groupId];
      if (chat) setReaction(chat, meta.arg.messageId, reaction);
    })
    .addMatcher(eventReceived.match, (state, { payload: { event, me } }) => {
      const chat = 'groupId' in event ? state[event.groupId] : undefined;
      if (!chat || !isChange(event)) return;
      // The newest page may have been read before this change: it is applied again when the page comes.
      if (chat.status === 'loading') chat.changesWhileLoading.push({ event, me });
      applyChange(chat, event, me);
    });
}
