import { PayloadAction, ThunkAction, UnknownAction, createSlice } from '@reduxjs/toolkit';
import type { Member, Message, Page } from 'pulumi-groupchat/client';
import { Services, messageOf } from './services';
import type { CoreState } from './store';
import { createAppThunk } from './app-thunk';
import { eventReceived } from './events';
import type { LoadStatus } from './groups-slice';
import { ChangeEvent, addMessageChanges, applyChange } from './message-changes';

/** Top-level messages read per page ("load older" reads one more). */
export const MESSAGE_PAGE_SIZE = 30;
/** Replies shown per page of a thread. */
export const THREAD_PAGE_SIZE = 20;

/** One page of a message's replies, moved through with its `prev` and `next` cursors. */
export interface Thread {
  items: Message[];
  prev: string | null;
  /** Null when the page reaches the newest reply: live replies are then added to it. */
  next: string | null;
  status: LoadStatus;
  error: string | null;
}

/** A message of mine on its way, or refused: shown until it arrives, and sent again with the same id on retry. */
export interface PendingMessage {
  id: string;
  body: string;
  parentId: string | null;
  status: 'sending' | 'failed';
  error: string | null;
}

/** One group's conversation as far as it has been read. */
export interface GroupChat {
  /** Top-level messages, oldest first: the newest page and the older ones loaded since. */
  messages: Message[];
  /** Cursor of the page before the oldest message loaded; null when it is the group's first. */
  prev: string | null;
  status: LoadStatus;
  error: string | null;
  loadingOlder: boolean;
  members: Record<string, Member>;
  threads: Record<string, Thread>;
  /** My messages and replies not yet stored, oldest first. */
  pending: PendingMessage[];
  /**
   * Edits, deletions and reactions that arrived while the newest page was on its way, in order: applied again to
   * the page when it comes (it may have been read before them).
   */
  changesWhileLoading: { event: ChangeEvent; me: string }[];
}

export type ChatState = Record<string, GroupChat>;

const emptyChat = (): GroupChat => ({
  messages: [],
  prev: null,
  status: 'idle',
  error: null,
  loadingOlder: false,
  members: {},
  threads: {},
  pending: [],
  changesWhileLoading: [],
});
const emptyThread = (): Thread => ({ items: [], prev: null, next: null, status: 'loading', error: null });

/** Reads the newest page of messages and the members, unless the group is already loaded. */
export const openGroup = createAppThunk(
  'chat/openGroup',
  async (groupId: string, { extra, rejectWithValue }) => {
    try {
      const [page, members] = await Promise.all([
        extra.api.listMessages(groupId, { limit: MESSAGE_PAGE_SIZE }),
        extra.api.listMembers(groupId),
      ]);
      return { page, members };
    } catch (error) {
      return rejectWithValue(messageOf(error));
    }
  },
  { condition: (groupId, { getState }) => !['loading', 'ready'].includes(getState().chat[groupId]?.status ?? 'idle') },
);

export const loadOlderMessages = createAppThunk(
  'chat/loadOlder',
  async (groupId: string, { extra, getState, rejectWithValue }) => {
    try {
      return await extra.api.listMessages(groupId, { limit: MESSAGE_PAGE_SIZE, before: getState().chat[groupId]!.prev! });
    } catch (error) {
      return rejectWithValue(messageOf(error));
    }
  },
  {
    condition: (groupId, { getState }) => {
      const chat = getState().chat[groupId];
      return chat?.status === 'ready' && chat.prev !== null && !chat.loadingOlder;
    },
  },
);

/** Shows a thread: its first page of replies, or the page centred on one reply (`around`). */
export const openThread = createAppThunk(
  'chat/openThread',
  async ({ groupId, messageId, around }: { groupId: string; messageId: string; around?: string }, { extra, rejectWithValue }) => {
    try {
      return await extra.api.listReplies(groupId, messageId, { limit: THREAD_PAGE_SIZE, around });
    } catch (error) {
      return rejectWithValue(messageOf(error));
    }
  },
);

/** Moves a thread one page towards its first (`earlier`) or newest (`later`) replies. */
export const pageThread = createAppThunk(
  'chat/pageThread',
  async (
    { groupId, messageId, direction }: { groupId: string; messageId: string; direction: 'earlier' | 'later' },
    { extra, getState, rejectWithValue },
  ) => {
    const thread = getState().chat[groupId]!.threads[messageId]!;
    const query = direction === 'earlier' ? { before: thread.prev! } : { after: thread.next! };
    try {
      return await extra.api.listReplies(groupId, messageId, { limit: THREAD_PAGE_SIZE, ...query });
    } catch (error) {
      return rejectWithValue(messageOf(error));
    }
  },
  {
    condition: ({ groupId, messageId, direction }, { getState }) => {
      const thread = getState().chat[groupId]?.threads[messageId];
      return thread?.status === 'ready' && (direction === 'earlier' ? thread.prev : thread.next) !== null;
    },
  },
);

/**
 * A new draft's id, from the platform's generator: a client takes one when a draft starts and sends the draft
 * with it however often it has to, so a draft is stored once.
 */
export const newDraftId = (): ThunkAction<string, CoreState, Services, UnknownAction> => (_dispatch, _getState, services) => services.newId();

/**
 * Sends a message or a reply with its draft's id (see {@link newDraftId}): over the socket when it is
 * open, else (or when the socket fails to acknowledge it) over REST with the same id, which the API treats as a
 * retry rather than a second message. Sending a refused message again with its id is a retry too.
 */
export const sendMessage = createAppThunk(
  'chat/send',
  async (
    { groupId, id, body, parentId, mentions }: { groupId: string; id: string; body: string; parentId?: string | null; mentions?: string[] },
    { extra, rejectWithValue },
  ) => {
    const message = { id, body, ...(parentId ? { parentId } : {}), ...(mentions?.length ? { mentions } : {}) };
    if (extra.realtime?.state === 'open') {
      try {
        return await extra.realtime.sendMessage(groupId, message);
      } catch (error) {
        if ((error as { code?: string }).code !== 'unavailable') return rejectWithValue(messageOf(error));
      }
    }
    try {
      return await extra.api.postMessage(groupId, message);
    } catch (error) {
      return rejectWithValue(messageOf(error));
    }
  },
);

/** Puts `message` into `list` (ordered by position) unless it is there already, in which case it is replaced. */
function upsert(list: Message[], message: Message): void {
  const index = list.findIndex((candidate) => candidate.id === message.id);
  if (index >= 0) {
    list[index] = message;
    return;
  }
  let at = list.length;
  while (at > 0 && list[at - 1]!.position > message.position) at--;
  list.splice(at, 0, message);
}

/** Takes in a message however it arrived (page, event, catch-up, acknowledgement): never twice. */
function receive(chat: GroupChat, message: Message): void {
  chat.pending = chat.pending.filter((pending) => pending.id !== message.id);
  if (message.parentId === null) {
    // Held until the newest page comes: that page may have been read before this message was stored.
    if (chat.status !== 'ready') return upsert(chat.messages, message);
    const oldest = chat.messages[0];
    // Older than what is loaded (with more before it): "load older" will bring it in its place.
    if (oldest && chat.prev !== null && message.position < oldest.position) return;
    upsert(chat.messages, message);
    return;
  }
  const parent = chat.messages.find((candidate) => candidate.id === message.parentId);
  // Positions are 1, 2, 3, … so a reply at position n means the parent has at least n replies.
  if (parent && parent.replyCount < message.position) parent.replyCount = message.position;
  const thread = chat.threads[message.parentId];
  if (!thread || thread.status !== 'ready') return;
  const present = thread.items.some((candidate) => candidate.id === message.id);
  const last = thread.items[thread.items.length - 1];
  if (present || (thread.next === null && (!last || message.position > last.position))) upsert(thread.items, message);
}

function showPage(thread: Thread, page: Page<Message>): void {
  thread.items = page.items;
  thread.prev = page.prev;
  thread.next = page.next;
  thread.status = 'ready';
  thread.error = null;
}

export const chatSlice = createSlice({
  name: 'chat',
  initialState: {} as ChatState,
  reducers: {
    /** Gives up on a refused message. */
    pendingDiscarded(state, { payload }: PayloadAction<{ groupId: string; id: string }>) {
      const chat = state[payload.groupId];
      if (chat) chat.pending = chat.pending.filter((pending) => pending.id !== payload.id);
    },
  },
  extraReducers: (builder) => {
    builder
      .addCase(openGroup.pending, (state, action) => {
        const chat = (state[action.meta.arg] ??= emptyChat());
        chat.status = 'loading';
        chat.error = null;
      })
      .addCase(openGroup.fulfilled, (state, { payload, meta }) => {
        const chat = (state[meta.arg] ??= emptyChat());
        const arrived = chat.messages; // while the page was on its way
        chat.messages = payload.page.items;
        chat.prev = payload.page.prev;
        chat.status = 'ready';
        chat.members = Object.fromEntries(payload.members.map((member) => [member.user.id, member]));
        const onPage = new Set(chat.messages.map((message) => message.id));
        for (const message of arrived) if (!onPage.has(message.id)) receive(chat, message);
        for (const { event, me } of chat.changesWhileLoading) applyChange(chat, event, me);
        chat.changesWhileLoading = [];
      })
      .addCase(openGroup.rejected, (state, action) => {
        if (action.meta.condition) return;
        const chat = (state[action.meta.arg] ??= emptyChat());
        chat.status = 'failed';
        chat.error = action.payload ?? 'Could not read the messages.';
      })
      .addCase(loadOlderMessages.pending, (state, action) => {
        state[action.meta.arg]!.loadingOlder = true;
      })
      .addCase(loadOlderMessages.fulfilled, (state, { payload, meta }) => {
        const chat = state[meta.arg]!;
        chat.loadingOlder = false;
        chat.prev = payload.prev;
        const known = new Set(chat.messages.map((message) => message.id));
        chat.messages = [...payload.items.filter((message) => !known.has(message.id)), ...chat.messages];
      })
      .addCase(loadOlderMessages.rejected, (state, action) => {
        const chat = state[action.meta.arg];
        if (!chat || action.meta.condition) return;
        chat.loadingOlder = false;
        chat.error = action.payload ?? 'Could not read older messages.';
      })
      .addCase(openThread.pending, (state, { meta }) => {
        const chat = (state[meta.arg.groupId] ??= emptyChat());
        chat.threads[meta.arg.messageId] = { ...(chat.threads[meta.arg.messageId] ?? emptyThread()), status: 'loading', error: null };
      })
      .addCase(openThread.fulfilled, (state, { payload, meta }) => {
        showPage((state[meta.arg.groupId]!.threads[meta.arg.messageId] ??= emptyThread()), payload);
      })
      .addCase(openThread.rejected, (state, { payload, meta }) => {
        const thread = (state[meta.arg.groupId]!.threads[meta.arg.messageId] ??= emptyThread());
        thread.status = 'failed';
        thread.error = payload ?? 'Could not read the replies.';
      })
      .addCase(pageThread.pending, (state, { meta }) => {
        state[meta.arg.groupId]!.threads[meta.arg.messageId]!.status = 'loading';
      })
      .addCase(pageThread.fulfilled, (state, { payload, meta }) => {
        showPage(state[meta.arg.groupId]!.threads[meta.arg.messageId]!, payload);
      })
      .addCase(pageThread.rejected, (state, { payload, meta }) => {
        const thread = state[meta.arg.groupId]?.threads[meta.arg.messageId];
        if (!thread || meta.condition) return;
        thread.status = 'ready'; // the page shown is still valid
        thread.error = payload ?? 'Could not read the replies.';
      })
      .addCase(sendMessage.pending, (state, { meta: { arg } }) => {
        const chat = (state[arg.groupId] ??= emptyChat());
        const { id } = arg;
        const sending: PendingMessage = { id, body: arg.body, parentId: arg.parentId ?? null, status: 'sending', error: null };
        const at = chat.pending.findIndex((pending) => pending.id === id);
        if (at >= 0) chat.pending[at] = sending;
        else chat.pending.push(sending);
      })
      .addCase(sendMessage.fulfilled, (state, { payload, meta }) => {
        receive((state[meta.arg.groupId] ??= emptyChat()), payload);
      })
      .addCase(sendMessage.rejected, (state, { payload, meta }) => {
        const pending = state[meta.arg.groupId]?.pending.find((candidate) => candidate.id === meta.arg.id);
        if (!pending) return;
        pending.status = 'failed';
        pending.error = payload ?? 'The message was not sent.';
      })
      .addCase(eventReceived, (state, { payload: { event, me } }) => {
        const chat = 'groupId' in event ? state[event.groupId] : undefined;
        if (!chat) return;
        switch (event.type) {
          case 'message.created':
            return receive(chat, event.message);
          case 'member.joined':
          case 'member.role_changed':
            chat.members[event.member.user.id] = event.member;
            return;
          case 'member.removed':
            if (event.userId === me) delete state[event.groupId];
            else delete chat.members[event.userId];
            return;
          default:
            return;
        }
      });
    addMessageChanges(builder);
  },
});
export const { pendingDiscarded } = chatSlice.actions;
