import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import type { LocalRuntime } from '../../src/local';
import { seriousA11yViolations } from './axe';
import { WebTestbed, apiAs, contextWithSwitchableSocket, idTokenIn, screenshot, signInThroughBrowser, startWebTestbed } from './browser-harness';

/*
 * The web client in Debian's Chromium against the local runtime on the shared Neo4j: two people, each in a
 * browser context of their own, from sign-in to a thread paged both ways. The steps build on each other.
 */

jest.setTimeout(120_000);

const marker = randomUUID().slice(0, 8);
const hikers = `Hikers ${marker}`;
const climbers = `Climbers ${marker}`;
const alice = { name: `Alice ${marker}`, email: `alice-${marker}@example.com` };
const bob = { name: `Bob ${marker}`, email: `bob-${marker}@example.com` };

/** The message bodies on screen with exactly this text (in the chat or the thread), counted. */
const bodies = (page: Page, text: string) => page.locator('.message-body', { hasText: new RegExp(`^${text}$`) });
const chat = (page: Page) => page.getByRole('region', { name: 'Messages' });
const thread = (page: Page) => page.getByRole('complementary', { name: 'Thread' });

async function send(page: Page, label: 'Message' | 'Reply', text: string): Promise<void> {
  const box = page.getByLabel(label, { exact: true });
  await box.fill(text);
  await box.press('Enter');
  await bodies(page, text).first().waitFor();
}

/** The focused element's text and outline style (a visible focus ring is solid). */
const focused = (page: Page) =>
  page.evaluate(() => {
    type El = { textContent: string | null };
    const scope = globalThis as unknown as { document: { activeElement: El | null }; getComputedStyle(el: El): { outlineStyle: string } };
    const element = scope.document.activeElement!;
    return { text: element.textContent ?? '', outline: scope.getComputedStyle(element).outlineStyle };
  });

describe('the web client in Chromium, two users', () => {
  let testbed: WebTestbed | undefined;
  let runtime: LocalRuntime;
  let browser: Browser;
  let a: Page;
  let b: Page;
  let aNetwork: Awaited<ReturnType<typeof contextWithSwitchableSocket>>;
  let hikersId: string;
  let firstMessageId: string;

  beforeAll(async () => {
    testbed = await startWebTestbed();
    ({ runtime, browser } = testbed);
  });
  afterAll(() => testbed?.stop());

  it('both sign in through the dev identity provider (code flow with PKCE) and get a live connection', async () => {
    aNetwork = await contextWithSwitchableSocket(browser);
    a = await signInThroughBrowser(aNetwork.context, runtime.url, alice, 'sign-in-page');
    b = await signInThroughBrowser((await contextWithSwitchableSocket(browser)).context, runtime.url, bob);
    for (const page of [a, b]) {
      expect(new URL(page.url()).search).toBe(''); // the code and state are gone from the address bar
      await page.getByTestId('connection').filter({ hasText: 'Live' }).waitFor();
    }
    const claims = JSON.parse(Buffer.from((await idTokenIn(a))!.split('.')[1]!, 'base64url').toString());
    expect(claims).toMatchObject({ email: alice.email, name: alice.name, aud: runtime.config.auth.clientId });
    await screenshot(a, 'signed-in');
  });

  it('A creates a discoverable group and lands in its chat', async () => {
    await a.getByRole('button', { name: 'New group' }).click();
    await a.getByLabel('Name').fill(hikers);
    await a.getByLabel('Description').fill('Weekend walks in the hills');
    expect(await a.getByLabel('Others can find this group by search and apply to join').isChecked()).toBe(true);
    expect(await seriousA11yViolations(a)).toEqual([]);
    await screenshot(a, 'create-group', { dark: true });
    await a.getByRole('button', { name: 'Create group' }).click();
    await a.getByRole('heading', { name: hikers }).waitFor();
    await a.getByRole('navigation', { name: 'Groups' }).getByRole('button', { name: new RegExp(hikers) }).waitFor();
    const mine = await (await apiAs(a, runtime)).listMyGroups();
    hikersId = mine.find((group) => group.name === hikers)!.id;
    expect(hikersId).toBeDefined();
  });

  it('B finds it by search and applies; A sees the application arrive live and approves; B is told and gets the group', async () => {
    await b.getByRole('button', { name: 'Find groups' }).click();
    await b.getByLabel('Search groups').fill(marker);
    await b.getByRole('button', { name: 'Search', exact: true }).click();
    await b.getByRole('heading', { name: hikers }).waitFor();
    await b.getByLabel(`Message to the owners of ${hikers} (optional)`).fill('I walk every Saturday');
    await b.getByRole('button', { name: `Apply to join ${hikers}` }).click();
    await b.getByText('Application sent: waiting for the owners to decide.').waitFor();
    expect(await seriousA11yViolations(b)).toEqual([]);
    await screenshot(b, 'search-and-apply', { dark: true });

    await a.getByRole('tab', { name: 'Applications (1)' }).click(); // the count came over the socket
    const card = a.locator('.card', { hasText: bob.email });
    await card.getByText('I walk every Saturday').waitFor();
    await screenshot(a, 'applications', { dark: true });
    await card.getByRole('button', { name: `Approve ${bob.name}` }).click();
    await a.getByText('No one is waiting to join.').waitFor();

    await b.getByText(`You were approved to join ${hikers}.`).waitFor();
    await b.getByRole('navigation', { name: 'Groups' }).getByRole('button', { name: new RegExp(hikers) }).click();
    await b.getByRole('heading', { name: hikers }).waitFor();
    await a.getByText('2 members').waitFor();
  });

  it('they chat in real time with Enter, each message shown once', async () => {
    await a.getByRole('tab', { name: 'Applications' }).focus();
    await a.keyboard.press('ArrowLeft'); // tabs move with the arrow keys
    await a.getByRole('tab', { name: 'Chat', selected: true }).waitFor();
    await send(a, 'Message', 'Hello from Alice');
    await bodies(b, 'Hello from Alice').waitFor();
    await send(b, 'Message', 'Hi Alice, glad to be here');
    await bodies(a, 'Hi Alice, glad to be here').waitFor();
    for (const page of [a, b]) {
      expect(await bodies(page, 'Hello from Alice').count()).toBe(1);
      expect(await bodies(page, 'Hi Alice, glad to be here').count()).toBe(1);
      expect(await chat(page).locator('.message-author').allTextContents()).toEqual([alice.name, bob.name]);
    }
    expect(await a.getByLabel('Message', { exact: true }).inputValue()).toBe('');
    await screenshot(b, 'chat', { dark: true });
    const page = await (await apiAs(a, runtime)).listMessages(hikersId);
    firstMessageId = page.items.find((message) => message.body === 'Hello from Alice')!.id;
  });

  it('the composer: what is typed while a send travels stays as the next draft; each draft is stored once; oversized drafts are stopped before sending', async () => {
    aNetwork.delaySends(1500);
    const box = a.getByLabel('Message', { exact: true });
    await box.fill('Draft one');
    await box.press('Enter');
    await box.pressSequentially('Draft two, typed meanwhile');
    await box.press('Enter'); // sent while the first is still on its way
    await box.press('Enter'); // an empty box sends nothing
    await box.pressSequentially('Draft three');
    await bodies(a, 'Draft two, typed meanwhile').waitFor({ timeout: 15_000 });
    expect(await box.inputValue()).toBe('Draft three');
    aNetwork.delaySends(0);
    await box.press('Enter');
    await bodies(b, 'Draft three').waitFor();
    // Draft one is sometimes stored seconds after the others (see the report to the lead): wait for it, then count.
    await bodies(b, 'Draft one').waitFor({ timeout: 20_000 });
    const stored = (await (await apiAs(a, runtime)).listMessages(hikersId)).items.map((message) => message.body);
    // Once each; two drafts in flight together may be stored in either order (one may fall back to REST).
    expect(stored.filter((body) => body?.startsWith('Draft')).sort()).toEqual(['Draft one', 'Draft three', 'Draft two, typed meanwhile']);
    expect(await a.locator('.pending li').count()).toBe(0);

    await box.fill('x'.repeat(14_000));
    await a.getByText('14,000 / 16,384 bytes').waitFor();
    await box.fill('é'.repeat(10_000)); // 2 bytes each
    await a.getByText('Too long by 3,616 bytes (at most 16,384)').waitFor();
    expect(await a.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    await box.press('Enter');
    await screenshot(a, 'composer-too-long');
    await box.fill('');
    expect(await a.locator('.byte-count').textContent()).toBe('');
  });

  it('B replies in a thread; with 45 replies A pages through it both ways and sees a new reply arrive on the last page', async () => {
    await b.getByRole('button', { name: `Reply in thread to ${alice.name}: Hello from Alice` }).click();
    await thread(b).getByText('No replies yet').waitFor();
    await send(b, 'Reply', 'Reply 1');
    await chat(a).getByRole('button', { name: `1 reply to ${alice.name}: Hello from Alice` }).waitFor();

    const api = await apiAs(a, runtime);
    for (let n = 2; n <= 45; n++) await api.postMessage(hikersId, { id: randomUUID(), body: `Reply ${n}`, parentId: firstMessageId });
    await chat(a).getByRole('button', { name: `45 replies to ${alice.name}: Hello from Alice` }).click();

    const range = thread(a).getByTestId('reply-range');
    const expectRange = async (text: string, first: number, last: number) => {
      await range.filter({ hasText: text }).waitFor();
      const shown = await thread(a).locator('.replies .message-body').allTextContents();
      expect(shown).toEqual(Array.from({ length: last - first + 1 }, (_, i) => `Reply ${first + i}`));
    };
    await expectRange('Replies 1–20 of 45', 1, 20);
    expect(await thread(a).getByRole('button', { name: 'Earlier replies' }).isDisabled()).toBe(true);
    await thread(a).getByRole('button', { name: 'Later replies' }).click();
    await expectRange('Replies 21–40 of 45', 21, 40);
    await thread(a).getByRole('button', { name: 'Later replies' }).click();
    await expectRange('Replies 41–45 of 45', 41, 45);
    expect(await thread(a).getByRole('button', { name: 'Later replies' }).isDisabled()).toBe(true);
    await thread(a).getByRole('button', { name: 'Earlier replies' }).click();
    await expectRange('Replies 21–40 of 45', 21, 40);
    await thread(a).getByRole('button', { name: 'Later replies' }).click();
    await expectRange('Replies 41–45 of 45', 41, 45);

    await send(b, 'Reply', 'Reply 46');
    await expectRange('Replies 41–46 of 46', 41, 46);
    await screenshot(a, 'thread', { dark: true });
  });

  it('the address holds the group and the open thread: a reload reopens both, back and forward move between them', async () => {
    const path = () => new URL(a.url()).pathname;
    expect(path()).toBe(`/groups/${hikersId}/threads/${firstMessageId}`);
    await a.reload();
    await thread(a).getByTestId('reply-range').filter({ hasText: 'Replies 1–20 of 46' }).waitFor();
    await a.getByRole('heading', { name: hikers }).waitFor();
    await a.goBack();
    await thread(a).waitFor({ state: 'detached' });
    expect(path()).toBe(`/groups/${hikersId}`);
    await a.goForward();
    await thread(a).getByTestId('reply-range').waitFor();
  });

  it('A loses the connection: the indicator says so; what B sends meanwhile arrives after the reconnect, once', async () => {
    await a.getByRole('button', { name: 'Close thread' }).click();
    await aNetwork.cut();
    await a.getByTestId('connection').filter({ hasText: 'Reconnecting…' }).waitFor();
    await chat(a).getByText('Reconnecting… new messages will appear when the connection is back.').waitFor();
    await b.getByRole('button', { name: 'Close thread' }).click();
    await send(b, 'Message', 'While you were away 1');
    await send(b, 'Message', 'While you were away 2');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await bodies(a, 'While you were away 1').count()).toBe(0);
    await screenshot(a, 'reconnecting');

    aNetwork.restore();
    await a.getByTestId('connection').filter({ hasText: 'Live' }).waitFor({ timeout: 45_000 });
    await bodies(a, 'While you were away 2').waitFor();
    const texts = await chat(a).locator('.message-body').allTextContents();
    expect(texts.slice(0, 2)).toEqual(['Hello from Alice', 'Hi Alice, glad to be here']);
    expect(texts.slice(2, 5).sort()).toEqual(['Draft one', 'Draft three', 'Draft two, typed meanwhile']);
    expect(texts.slice(5)).toEqual(['While you were away 1', 'While you were away 2']);
    await send(b, 'Message', 'And now live again');
    await bodies(a, 'And now live again').waitFor();
    expect(await bodies(a, 'And now live again').count()).toBe(1);
  });

  it('B reloads (still signed in from sessionStorage) and loads older messages', async () => {
    const api = await apiAs(a, runtime);
    for (let n = 1; n <= 35; n++) await api.postMessage(hikersId, { id: randomUUID(), body: `Bulk ${n}` });
    await b.reload();
    await b.getByTestId('me').filter({ hasText: bob.name }).waitFor();
    await b.getByRole('navigation', { name: 'Groups' }).getByRole('button', { name: new RegExp(hikers) }).click();
    await bodies(b, 'Bulk 35').waitFor();
    expect(await chat(b).locator('.message-body').count()).toBe(30);
    expect(await bodies(b, 'Hello from Alice').count()).toBe(0);
    const loadOlder = chat(b).getByRole('button', { name: 'Load older messages' });
    await loadOlder.scrollIntoViewIfNeeded();
    const firstOfPage = bodies(b, 'Bulk 6');
    const before = (await firstOfPage.boundingBox())!.y;
    await loadOlder.click();
    await bodies(b, 'Hello from Alice').waitFor({ state: 'attached' });
    expect(await chat(b).locator('.message-body').count()).toBe(43);
    expect(await chat(b).getByRole('button', { name: 'Load older messages' }).count()).toBe(0);
    // What was in view stays in view (it may move by the header it no longer needs once older messages of its author precede it).
    expect(Math.abs((await firstOfPage.boundingBox())!.y - before)).toBeLessThan(30);
    await screenshot(b, 'load-older');
    await chat(b).getByRole('button', { name: 'Jump to latest ↓' }).click();
    await chat(b).getByRole('button', { name: 'Jump to latest ↓' }).waitFor({ state: 'detached' });
    expect(await bodies(b, 'Bulk 35').isVisible()).toBe(true);
    const [newestBox, listBox] = [await bodies(b, 'Bulk 35').boundingBox(), await chat(b).locator('.messages').boundingBox()];
    expect(newestBox!.y + newestBox!.height).toBeLessThanOrEqual(listBox!.y + listBox!.height + 1);
  });

  it('B applies to another group; A rejects with a reason; B sees the rejection and the reason', async () => {
    await a.getByRole('button', { name: 'New group' }).click();
    await a.getByLabel('Name').fill(climbers);
    await a.getByRole('button', { name: 'Create group' }).click();
    await a.getByRole('heading', { name: climbers }).waitFor();

    // By keyboard: Tab from "Sign out" to "Find groups" (focus visible), Enter, type, Enter.
    await b.getByRole('button', { name: 'Sign out' }).focus();
    await b.keyboard.press('Tab');
    await b.keyboard.press('Tab');
    expect(await focused(b)).toEqual({ text: 'Find groups', outline: 'solid' });
    await b.keyboard.press('Enter');
    await b.getByLabel('Search groups').waitFor();
    expect((await focused(b)).text).toBe(''); // the search box has the focus
    await b.keyboard.type(climbers);
    await b.keyboard.press('Enter');
    await b.getByRole('button', { name: `Apply to join ${climbers}` }).click();
    await b.getByText('Application sent: waiting for the owners to decide.').waitFor();

    await a.getByRole('tab', { name: 'Applications (1)' }).click();
    await a.getByLabel(`Reason for rejecting ${bob.name} (optional)`).fill('We are full this season');
    await a.getByRole('button', { name: `Reject ${bob.name}` }).click();
    await a.getByText('No one is waiting to join.').waitFor();

    await b.getByText(`Your application to ${climbers} was rejected: “We are full this season”`).waitFor();
    await b.getByText('Your application was rejected.').waitFor();
    expect(await b.getByRole('navigation', { name: 'Groups' }).getByRole('button', { name: new RegExp(climbers) }).count()).toBe(0);
    await screenshot(b, 'rejected');
  });

  it('a 100-character group name is cut with an ellipsis, shown whole on hover, and leaves the role badge in view', async () => {
    const long = `Long ${marker} ${'n'.repeat(100)}`.slice(0, 100);
    await a.getByRole('button', { name: 'New group' }).click();
    await a.getByLabel('Name').fill(long);
    await a.getByRole('button', { name: 'Create group' }).click();
    await a.getByRole('heading', { name: long }).waitFor();
    const item = a.getByRole('navigation', { name: 'Groups' }).getByRole('button', { name: new RegExp(long) });
    expect(await item.locator('.group-name').getAttribute('title')).toBe(long);
    const [itemBox, badgeBox] = [await item.boundingBox(), await item.locator('.group-role').boundingBox()];
    expect(badgeBox!.x + badgeBox!.width).toBeLessThanOrEqual(itemBox!.x + itemBox!.width);
    expect(await item.locator('.group-role').textContent()).toBe('owner');
    await screenshot(a, 'long-group-name', { dark: true });
  });

  it('signing out forgets the token and goes through the identity provider’s logout back to the sign-in screen', async () => {
    await b.getByRole('button', { name: 'Sign out' }).click();
    await b.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await idTokenIn(b)).toBeNull();
    await screenshot(b, 'signed-out', { dark: true });
  });
});
