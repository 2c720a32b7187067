import { randomUUID } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import type { LocalRuntime } from '../../src/local';
import { seriousA11yViolations } from './axe';
import { WebTestbed, apiAs, screenshot, signInThroughBrowser, startWebTestbed } from './browser-harness';

/*
 * The message side of the web client in Chromium, two people live: mentions with `@` completion, reactions,
 * editing (↑ in the composer, Esc) and deleting (a tombstone keeping its replies), actions on keyboard focus,
 * the "new messages" line, and the thread beside the chat that stays at its newest message. The steps build
 * on each other.
 */

jest.setTimeout(120_000);

const marker = randomUUID().slice(0, 8);
const alice = { name: `Alice ${marker}`, email: `alice-m-${marker}@example.com` };
const bob = { name: `Bob ${marker}`, email: `bob-m-${marker}@example.com` };

const chat = (page: Page) => page.getByRole('region', { name: 'Messages' });
const thread = (page: Page) => page.getByRole('complementary', { name: 'Thread' });
/** The message on screen whose body starts with `text`. */
const messageWith = (page: Page, text: string): Locator => chat(page).locator('.message', { has: page.locator('.message-body', { hasText: text }) });
const composer = (page: Page) => page.getByLabel('Message', { exact: true });
/** The computed opacity of a message's toolbar. */
const toolbarOpacity = (message: Locator) =>
  message.locator('.message-toolbar').evaluate((element) => (globalThis as unknown as { getComputedStyle(e: unknown): { opacity: string } }).getComputedStyle(element).opacity);
/** Whether the element has the keyboard focus. */
const hasFocus = (locator: Locator) => locator.evaluate((element) => element === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement);

async function send(page: Page, text: string): Promise<void> {
  await composer(page).fill(text);
  await composer(page).press('Enter');
  await messageWith(page, text).waitFor();
}

describe('messages in the web client, two people live', () => {
  let testbed: WebTestbed | undefined;
  let runtime: LocalRuntime;
  let browser: Browser;
  let a: Page;
  let b: Page;
  let groupId: string;
  let bobId: string;

  beforeAll(async () => {
    testbed = await startWebTestbed();
    ({ runtime, browser } = testbed);
    const contextA = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const contextB = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    [a, b] = await Promise.all([signInThroughBrowser(contextA, runtime.url, alice), signInThroughBrowser(contextB, runtime.url, bob)]);
    const [apiA, apiB] = [await apiAs(a, runtime), await apiAs(b, runtime)];
    groupId = (await apiA.createGroup({ name: `Messages ${marker}`, description: '', discoverable: true })).id;
    bobId = (await apiB.getMe()).id;
    await apiB.apply(groupId);
    await apiA.approve(groupId, bobId);
    for (const page of [a, b]) {
      await page.goto(`${runtime.url}/groups/${groupId}`);
      await page.getByTestId('connection').filter({ hasText: 'Live' }).waitFor();
      await chat(page).getByText('No messages yet. Say hello!').waitFor();
    }
  });
  afterAll(() => testbed?.stop());

  it('@ offers the members; the one taken is sent as a mention and highlighted, more strongly for the one mentioned', async () => {
    const box = composer(a);
    await box.pressSequentially('Hi @bo');
    const option = a.getByRole('option', { name: `@${bob.name}` });
    await option.waitFor();
    expect(await a.getByRole('option').count()).toBe(1); // Alice herself is not offered
    await box.press('Enter'); // takes the name, does not send
    expect(await box.inputValue()).toBe(`Hi @${bob.name} `);
    await box.pressSequentially('welcome aboard');
    await box.press('Enter');
    const text = `Hi @${bob.name} welcome aboard`;
    await messageWith(b, text).waitFor();
    expect(await messageWith(b, text).locator('mark.mention-me').textContent()).toBe(`@${bob.name}`);
    expect(await messageWith(a, text).locator('mark.mention').textContent()).toBe(`@${bob.name}`);
    expect(await messageWith(a, text).locator('mark.mention-me').count()).toBe(0);
    const stored = (await (await apiAs(a, runtime)).listMessages(groupId)).items;
    expect(stored.map((message) => [message.body, message.mentions])).toEqual([[text, [bobId]]]);
  });

  it('reactions: the picker adds one, chips toggle, counts and who reacted follow live on both sides', async () => {
    const text = `Hi @${bob.name} welcome aboard`;
    const onB = messageWith(b, text);
    await onB.hover();
    await onB.getByRole('button', { name: `Add a reaction to ${alice.name}` }).click();
    await b.getByRole('button', { name: 'React with 🎉' }).click();
    const chipB = onB.getByRole('button', { name: /^🎉 / });
    const chipA = messageWith(a, text).getByRole('button', { name: /^🎉 / });
    await chipA.filter({ hasText: '1' }).waitFor();
    expect(await chipB.getAttribute('aria-pressed')).toBe('true');
    expect(await chipA.getAttribute('aria-pressed')).toBe('false');
    expect(await chipA.getAttribute('title')).toBe(`${bob.name} reacted with 🎉`);

    await chipA.click(); // Alice joins in
    await chipB.filter({ hasText: '2' }).waitFor();
    expect(await chipA.getAttribute('aria-pressed')).toBe('true');
    expect(await chipB.getAttribute('title')).toBe(`You and ${alice.name} reacted with 🎉`);
    await chipB.click(); // Bob takes his back
    await chipA.filter({ hasText: '1' }).waitFor();
    expect(await chipB.getAttribute('aria-pressed')).toBe('false');
    expect(await chipA.getAttribute('title')).toBe('You reacted with 🎉');

    // A second emoji from the palette, by keyboard: the toolbar shows on focus, the picker takes the focus.
    const react = messageWith(a, text).getByRole('button', { name: `Add a reaction to ${alice.name}` });
    await react.focus();
    expect(await toolbarOpacity(messageWith(a, text))).toBe('1');
    await a.keyboard.press('Enter');
    await a.keyboard.press('ArrowRight'); // 👍 -> ❤️
    await a.keyboard.press('Enter');
    await messageWith(b, text).getByRole('button', { name: /^❤️ 1/ }).waitFor();
    const stored = (await (await apiAs(b, runtime)).listMessages(groupId)).items[0]!;
    expect(stored.reactions).toEqual([
      { emoji: '🎉', count: 1, mine: false },
      { emoji: '❤️', count: 1, mine: false },
    ]);
  });

  it('who reacted shows on hover for reactions made before the page loaded too', async () => {
    const text = `Hi @${bob.name} welcome aboard`;
    const stored = (await (await apiAs(b, runtime)).listMessages(groupId)).items[0]!;
    await (await apiAs(b, runtime)).addReaction(groupId, stored.id, '👀');
    await messageWith(a, text).getByRole('button', { name: /^👀 1/ }).waitFor();
    await a.reload(); // what the events told is gone: the page has only the counts
    await a.getByTestId('connection').filter({ hasText: 'Live' }).waitFor();
    const chip = messageWith(a, text).getByRole('button', { name: /^👀 / });
    expect(await chip.getAttribute('title')).toBe('1 person reacted with 👀');
    await chip.hover();
    await messageWith(a, text).locator(`button[title="${bob.name} reacted with 👀"]`).waitFor();
    expect(await messageWith(a, text).getByRole('button', { name: /^🎉 / }).getAttribute('title')).toBe('You reacted with 🎉');
    expect(await chip.getAttribute('aria-label')).toBe(`👀 1: ${bob.name} reacted with 👀`);
  });

  it('↑ in the empty composer edits my last message; Esc leaves it as it was; Enter saves it for everyone, marked (edited)', async () => {
    await send(a, 'See you Saturdya');
    await composer(a).press('ArrowUp');
    const editor = a.getByLabel('Edit message');
    await editor.waitFor();
    expect(await editor.inputValue()).toBe('See you Saturdya');
    await editor.press('Escape');
    await editor.waitFor({ state: 'detached' });
    expect(await hasFocus(composer(a))).toBe(true); // back in the composer
    expect(await messageWith(a, 'See you Saturdya').locator('.message-edited').count()).toBe(0);

    await composer(a).press('ArrowUp');
    await editor.fill('See you Saturday');
    await editor.press('Enter');
    await messageWith(b, 'See you Saturday').locator('.message-edited').filter({ hasText: '(edited)' }).waitFor();
    expect(await messageWith(a, 'See you Saturday').locator('.message-edited').textContent()).toBe('(edited)');
    expect(await chat(b).locator('.message-body', { hasText: 'Saturdya' }).count()).toBe(0);
  });

  it('a deleted message becomes a tombstone for both, keeping its thread and its reply count', async () => {
    await send(b, 'Oops, wrong group');
    await messageWith(b, 'Oops, wrong group').hover();
    await b.getByRole('button', { name: `Reply in thread to ${bob.name}: Oops, wrong group` }).click();
    await thread(b).getByText('No replies yet').waitFor();
    await thread(b).getByLabel('Reply', { exact: true }).fill('ignore this');
    await thread(b).getByLabel('Reply', { exact: true }).press('Enter');
    await chat(a).getByRole('button', { name: `1 reply to ${bob.name}: Oops, wrong group` }).waitFor();

    const oops = messageWith(b, 'Oops, wrong group');
    await oops.hover();
    await oops.getByRole('button', { name: 'Delete your message: Oops, wrong group' }).click();
    await b.getByRole('group', { name: 'Confirm deletion' }).getByRole('button', { name: 'Delete' }).click();
    for (const page of [a, b]) {
      const tombstone = chat(page).locator('.message-tombstone');
      await tombstone.getByText('This message was deleted').waitFor();
      expect(await tombstone.getByRole('button', { name: /^1 reply to / }).count()).toBe(1);
      expect(await tombstone.locator('.message-toolbar').count()).toBe(0); // no actions on a tombstone
    }
    expect(await chat(a).getByText('Oops, wrong group').count()).toBe(0);
    await chat(a).locator('.message-tombstone').getByRole('button', { name: /^1 reply to / }).click();
    await thread(a).locator('.replies .message-body', { hasText: 'ignore this' }).waitFor();
    await thread(a).getByText('This message was deleted').waitFor();
    await a.getByRole('button', { name: 'Close thread' }).click();
    await b.getByRole('button', { name: 'Close thread' }).click();
  });

  it('screenshots: mentions, reactions, edited and deleted messages in the light and dark themes', async () => {
    await messageWith(a, 'See you Saturday').hover();
    expect(await seriousA11yViolations(a)).toEqual([]);
    await screenshot(a, 'messages', { dark: true });
  });

  it('the thread opens beside the chat, which stays at its newest message', async () => {
    const api = await apiAs(a, runtime);
    for (let n = 1; n <= 25; n++) await api.postMessage(groupId, { id: randomUUID(), body: `Filler ${n}` });
    await messageWith(b, 'Filler 25').waitFor();
    await messageWith(b, 'Filler 25').hover();
    await b.getByRole('button', { name: `Reply in thread to ${alice.name}: Filler 25` }).click();
    await thread(b).getByText('No replies yet').waitFor();
    const [chatBox, thBox, newest] = [await chat(b).boundingBox(), await thread(b).boundingBox(), await messageWith(b, 'Filler 25').boundingBox()];
    expect(thBox!.x).toBeGreaterThan(chatBox!.x + chatBox!.width - 1); // beside, not over
    const list = (await chat(b).locator('.messages').boundingBox())!;
    expect(newest!.y + newest!.height).toBeLessThanOrEqual(list.y + list.height + 1);
    expect(newest!.y).toBeGreaterThanOrEqual(list.y);
    // Slack density: one header (initials avatar, name, time) per author's run within 5 minutes, then one line each.
    const later = messageWith(b, 'Filler 24');
    expect(await later.evaluate((row) => (row as unknown as { classList: { contains(c: string): boolean } }).classList.contains('message-first'))).toBe(false);
    expect(await later.locator('.avatar').count()).toBe(0);
    expect((await later.boundingBox())!.height).toBeLessThan(40);
    expect(await chat(b).locator('.day-separator').allTextContents()).toEqual(['Today']);
    expect(await chat(b).locator('.message-first .avatar').first().textContent()).toMatch(/^\w{1,2}$/);
    // Relative time on the message, the exact one on hover.
    const time = messageWith(b, 'Filler 1').locator('time').first();
    expect(await time.getAttribute('title')).toMatch(new RegExp(String(new Date().getFullYear())));
    await b.getByRole('button', { name: 'Close thread' }).click();
  });

  it('a "new messages" line stands before the first message others posted after my read marker', async () => {
    const apiB = await apiAs(b, runtime);
    await apiB.markRead(groupId, (await apiB.listMessages(groupId, { limit: 1 })).items[0]!.seq); // Bob has read all so far
    await b.goto(runtime.url); // away from the group; the group list (with the read marker) is read anew
    await b.getByTestId('connection').filter({ hasText: 'Live' }).waitFor();
    await send(a, 'Unread one');
    await send(a, 'Unread two');
    await b.getByRole('navigation', { name: 'Groups' }).getByRole('button', { name: new RegExp(`Messages ${marker}`) }).click();
    await messageWith(b, 'Unread two').waitFor();
    const texts = await chat(b).locator('.unread-line, .message-body').allTextContents();
    expect(texts.slice(-3)).toEqual(['New messages', 'Unread one', 'Unread two']);
    expect(await chat(a).locator('.unread-line').count()).toBe(0); // my own messages are read
  });
});
