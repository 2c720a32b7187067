import { pathOf, screenOf } from '../../examples/web-client/src/routes';
import type { Screen } from '../../examples/web-client/src/store/navigation-slice';
import { BrowserLocation, syncScreenWithUrl } from '../../examples/web-client/src/url-sync';
import { groupShown, threadShown } from '../../examples/web-client/src/store/navigation-slice';
import { createAppStore } from '../../examples/web-client/src/store/store';
import { fakeServices } from '../chat-core/fixtures';

const g = 'c0ffee00-0000-4000-8000-000000000001';
const m = 'c0ffee00-0000-4000-8000-000000000002';

describe('screen addresses', () => {
  it.each<[Screen, string]>([
    [{ name: 'groups' }, '/'],
    [{ name: 'create' }, '/new'],
    [{ name: 'search' }, '/find'],
    [{ name: 'group', groupId: g, tab: 'chat', threadId: null }, `/groups/${g}`],
    [{ name: 'group', groupId: g, tab: 'chat', threadId: m }, `/groups/${g}/threads/${m}`],
    [{ name: 'group', groupId: g, tab: 'applications', threadId: null }, `/groups/${g}/applications`],
    [{ name: 'group', groupId: g, tab: 'members', threadId: null }, `/groups/${g}/members`],
  ])('%j is at %s and back', (screen, path) => {
    expect(pathOf(screen)).toBe(path);
    expect(screenOf(path)).toEqual(screen);
  });

  it.each([
    ['/nowhere', { name: 'groups' }],
    ['/groups', { name: 'groups' }],
    ['/groups/%E0%A4%A', { name: 'groups' }], // malformed escape
    [`/groups/${g}/threads`, { name: 'group', groupId: g, tab: 'chat', threadId: null }],
    [`/groups/${g}/`, { name: 'group', groupId: g, tab: 'chat', threadId: null }],
  ])('reads %s as %j', (path, screen) => expect(screenOf(path)).toEqual(screen));

  it('escapes what is not a path segment', () => {
    expect(pathOf({ name: 'group', groupId: 'a/b c', tab: 'chat', threadId: null })).toBe('/groups/a%2Fb%20c');
    expect(screenOf('/groups/a%2Fb%20c')).toMatchObject({ groupId: 'a/b c' });
  });
});

/** A history of paths with back, as a browser keeps it. */
function fakeBrowser(start: string) {
  const entries = [start];
  let at = 0;
  const listeners = new Set<() => void>();
  const browser: BrowserLocation = {
    location: { get pathname() { return entries[at]!; } },
    history: {
      pushState: (_data, _unused, url) => {
        entries.splice(at + 1, entries.length, url);
        at += 1;
      },
      replaceState: (_data, _unused, url) => void (entries[at] = url),
    },
    addEventListener: (_type, listener) => void listeners.add(listener),
    removeEventListener: (_type, listener) => void listeners.delete(listener),
  };
  const back = () => {
    at -= 1;
    listeners.forEach((listener) => listener());
  };
  return { browser, entries, back, listeners };
}

describe('the address bar in step with the screen', () => {
  it('opens the screen of the address, adds an entry per screen shown, and follows back', () => {
    const { store } = fakeServices({}, undefined, createAppStore);
    const { browser, entries, back, listeners } = fakeBrowser(`/groups/${g}/threads/${m}`);
    const stop = syncScreenWithUrl(store, browser);
    expect(store.getState().navigation.screen).toEqual({ name: 'group', groupId: g, tab: 'chat', threadId: m });
    expect(entries).toEqual([`/groups/${g}/threads/${m}`]);

    store.dispatch(threadShown(null));
    store.dispatch(groupShown({ groupId: 'other' }));
    expect(entries).toEqual([`/groups/${g}/threads/${m}`, `/groups/${g}`, '/groups/other']);

    back();
    expect(store.getState().navigation.screen).toEqual({ name: 'group', groupId: g, tab: 'chat', threadId: null });
    expect(entries).toHaveLength(3); // going back adds nothing
    stop();
    expect(listeners.size).toBe(0);
  });

  it('writes the address of the screen it shows for an unknown one, without a new entry', () => {
    const { store } = fakeServices({}, undefined, createAppStore);
    const { browser, entries } = fakeBrowser('/no/such/screen');
    syncScreenWithUrl(store, browser);
    expect(entries).toEqual(['/']);
  });
});
