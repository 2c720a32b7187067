/*
 * A page with the chat panel on 5,000 messages, for the long-list browser test and `npm run bench:web`: the store
 * is filled in the page (no server), and `window.longList` mounts the panel, scrolls it and times both.
 */
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { Provider } from 'react-redux';
import type { Member, Message, Page, User } from 'pulumi-groupchat/client';
import { openGroup } from '../../chat-core/chat-slice';
import { loadMe } from '../../chat-core/session-slice';
import type { ChatApi } from '../../chat-core/services';
import { ChatPanel } from '../src/components/ChatPanel';
import { createAppStore } from '../src/store/store';
import '../src/styles.css';

export const MESSAGES = 5000;
/** Older messages that "Load older" brings (one page). */
export const OLDER = 30;

const groupId = '00000000-0000-4000-8000-00000000aaaa';
const people: User[] = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing'].map((name, at) => ({
  id: `user-${at}`,
  name,
  email: `${name.split(' ')[0]!.toLowerCase()}@example.com`,
  picture: null,
}));
const start = Date.parse('2026-11-01T08:00:00.000Z');

/** Message `n` (1 is the oldest loaded; 0 and below are the older page): authors in runs, some long, some reacted to. */
function message(n: number): Message {
  const long = n % 7 === 0 ? ' — and a longer thought that wraps onto a second line in the list, as chat messages often do when people explain things' : '';
  return {
    id: `00000000-0000-4000-8000-${String(n + 1000).padStart(12, '0')}`,
    groupId,
    authorId: people[(Math.floor(n / 3) + people.length * 100) % people.length]!.id,
    body: `Message ${n}${long}`,
    mentions: [],
    createdAt: new Date(start + n * 97_000).toISOString(),
    parentId: null,
    position: n + OLDER,
    seq: n + OLDER,
    replyCount: n % 50 === 0 ? 2 : 0,
    editedAt: null,
    deletedAt: null,
    reactions: n % 11 === 0 ? [{ emoji: '👍', count: 2, mine: false }] : [],
  };
}

const page = (items: Message[], prev: string | null): Page<Message> => ({ items, prev, next: null });
const members: Member[] = people.map((user) => ({ user, role: 'member', since: new Date(start).toISOString() }));
const api = {
  getMe: async () => people[0]!,
  listMembers: async () => members,
  listMessages: async (_groupId: string, query?: { before?: string }) =>
    query?.before
      ? page(Array.from({ length: OLDER }, (_, at) => message(at - OLDER + 1)), null)
      : page(Array.from({ length: MESSAGES }, (_, at) => message(at + 1)), 'older'),
} as unknown as ChatApi;

const store = createAppStore({ api, newId: () => crypto.randomUUID() });
const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now())));

/** Waits frame by frame until `done()` holds; the time then. */
async function until(done: () => boolean, limitMs = 10_000): Promise<number> {
  const from = performance.now();
  for (;;) {
    const at = await nextFrame();
    if (done()) return at;
    if (at - from > limitMs) throw new Error('the list did not get there in time');
  }
}

const list = () => document.querySelector<HTMLElement>('.messages')!;
/** Whether the message's row is rendered and within the list's view. */
function inView(n: number): boolean {
  const row = document.querySelector(`[data-message-id="${message(n).id}"]`);
  if (!row) return false;
  const [box, view] = [row.getBoundingClientRect(), list().getBoundingClientRect()];
  return box.bottom > view.top && box.top < view.bottom;
}

declare global {
  interface Window {
    longList: {
      /** Fills the store (not timed), renders the panel; ms until the newest message is on screen. */
      mount(): Promise<number>;
      /** Scrolls the list to its top; ms until the oldest message is on screen. */
      scrollToTop(): Promise<number>;
      /** The numbers of the messages rendered, and of those in view. */
      shown(): { rendered: number[]; inView: number[] };
    };
  }
}

window.longList = {
  async mount() {
    await store.dispatch(loadMe());
    await store.dispatch(openGroup(groupId));
    const root = createRoot(document.getElementById('root')!);
    const from = performance.now();
    flushSync(() =>
      root.render(
        <Provider store={store}>
          <div className="chat-only" style={{ height: '100vh' }}>
            <ChatPanel groupId={groupId} threadId={null} />
          </div>
        </Provider>,
      ),
    );
    return (await until(() => inView(MESSAGES))) - from;
  },
  async scrollToTop() {
    const from = performance.now();
    list().scrollTop = 0;
    return (await until(() => inView(1))) - from;
  },
  shown() {
    const numbers = (rows: Element[]) => rows.map((row) => Number(/Message (-?\d+)/.exec(row.textContent ?? '')?.[1]));
    const rows = [...document.querySelectorAll('.messages .message')];
    return { rendered: numbers(rows), inView: numbers(rows.filter((row) => inView(numbers([row])[0]!))) };
  },
};
