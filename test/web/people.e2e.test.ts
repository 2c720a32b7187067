import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { GroupChatClient } from '../../src/client';
import type { LocalRuntime } from '../../src/local';
import { subjectFor } from '../../src/local/identity-provider';
import { seriousA11yViolations } from './axe';
import { WebTestbed, contextWithSwitchableSocket, screenshot, signInThroughBrowser, startWebTestbed } from './browser-harness';

/*
 * The people side of the web client in Chromium: an owner, an admin and a member (the member on two devices, two
 * browser contexts of one user). Roles, presence, typing, unread badges and read markers, settings, removal with
 * its notice, hand-over and leaving; axe-core on every main screen in both themes. The steps build on each other.
 */

jest.setTimeout(120_000);

const marker = randomUUID().slice(0, 8);
const walkers = `Walkers ${marker}`;
const quiet = `Quiet ${marker}`;
const olive = { name: `Olive ${marker}`, email: `olive-${marker}@example.com` };
const adam = { name: `Adam ${marker}`, email: `adam-${marker}@example.com` };
const mia = { name: `Mia ${marker}`, email: `mia-${marker}@example.com` };
const [oliveId, adamId, miaId] = [olive, adam, mia].map((user) => subjectFor(user.email));

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Groups' });
const groupButton = (page: Page, name: string) => sidebar(page).getByRole('button', { name: new RegExp(name) });
const members = (page: Page) => page.getByRole('region', { name: 'Members' });
const memberRow = (page: Page, userId: string) => members(page).locator(`li[data-user-id="${userId}"]`);

async function apiAs(page: Page, runtime: LocalRuntime): Promise<GroupChatClient> {
  const token = await page.evaluate(() => (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }).sessionStorage.getItem('groupchat.idToken'));
  return new GroupChatClient({ apiUrl: runtime.config.apiUrl, getToken: () => token! });
}

/** Accepts the next confirm() the page asks. */
const acceptNextDialog = (page: Page) => page.once('dialog', (dialog) => void dialog.accept());

describe('the web client in Chromium, three people: roles, presence, typing, unread, removal', () => {
  let testbed: WebTestbed | undefined;
  let runtime: LocalRuntime;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let o: Page;
  let a: Page;
  let m1: Page;
  let m2: Page;
  let m2Network: Awaited<ReturnType<typeof contextWithSwitchableSocket>>;
  let groupId: string;
  let firstMessageId: string;

  const newContext = async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    return context;
  };

  beforeAll(async () => {
    testbed = await startWebTestbed();
    ({ runtime, browser } = testbed);
  });
  afterAll(() => testbed?.stop());

  it('the sign-in screen has no serious accessibility violation; three people sign in, the member on two devices', async () => {
    const first = await newContext();
    const signIn = await first.newPage();
    await signIn.goto(runtime.url);
    await signIn.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await seriousA11yViolations(signIn)).toEqual([]);
    await screenshot(signIn, 'sign-in', { dark: true });
    await signIn.close();

    o = await signInThroughBrowser(first, runtime.url, olive);
    a = await signInThroughBrowser(await newContext(), runtime.url, adam);
    m1 = await signInThroughBrowser(await newContext(), runtime.url, mia);
    m2Network = await contextWithSwitchableSocket(browser);
    m2 = await signInThroughBrowser(m2Network.context, runtime.url, mia);
    for (const page of [o, a, m1, m2]) await page.getByTestId('connection').filter({ hasText: 'Live' }).waitFor();
  });

  it('the owner creates the group; the others join; the owner makes Adam an admin in the members panel and Adam sees his new role live', async () => {
    await o.getByRole('button', { name: 'New group' }).click();
    await o.getByLabel('Name').fill(walkers);
    await o.getByRole('button', { name: 'Create group' }).click();
    await o.getByRole('heading', { name: walkers }).waitFor();
    groupId = (await (await apiAs(o, runtime)).listMyGroups()).find((group) => group.name === walkers)!.id;
    const owner = await apiAs(o, runtime);
    for (const page of [a, m1]) {
      await (await apiAs(page, runtime)).apply(groupId);
    }
    await owner.approve(groupId, adamId);
    await owner.approve(groupId, miaId);
    await groupButton(a, walkers).waitFor();
    await groupButton(m2, walkers).waitFor();
    // Mia's own group, newer than Walkers: first in her list until Walkers has a message.
    await m2.getByRole('button', { name: 'New group' }).click();
    await m2.getByLabel('Name').fill(quiet);
    await m2.getByRole('button', { name: 'Create group' }).click();
    await m2.getByRole('heading', { name: quiet }).waitFor();

    await o.getByRole('tab', { name: 'Members' }).click();
    expect(new URL(o.url()).pathname).toBe(`/groups/${groupId}/members`);
    await memberRow(o, adamId).waitFor();
    expect(await members(o).locator('li.member .member-name').allTextContents()).toEqual([
      expect.stringContaining(olive.name), expect.stringContaining(adam.name), expect.stringContaining(mia.name),
    ]);
    // The owner has no buttons for herself but a hint; Adam's row offers promotion, hand-over and removal.
    expect(await memberRow(o, oliveId).getByRole('button').count()).toBe(0);
    await members(o).getByText('hand the group over to another member before you can leave').waitFor();
    await memberRow(o, adamId).getByRole('button', { name: `Make admin (${adam.name})` }).click();
    await memberRow(o, adamId).locator('.role-badge', { hasText: 'admin' }).waitFor();
    await groupButton(a, walkers).locator('.group-role', { hasText: 'admin' }).waitFor();
    await a.getByRole('navigation', { name: 'Groups' }).getByRole('button', { name: new RegExp(walkers) }).click();
    await a.getByText('you are the admin').waitFor();
  });

  it('presence: everyone signed in has a green dot in the members panel', async () => {
    for (const userId of [oliveId, adamId, miaId]) {
      await memberRow(o, userId).locator('.presence-dot[data-online="true"]').waitFor();
    }
    expect(await memberRow(o, miaId).getByText('online').count()).toBe(1);
    expect(await seriousA11yViolations(o)).toEqual([]);
    await screenshot(o, 'members', { dark: true });
  });

  it('an admin edits the group’s description (PATCH); the owner sees it live; an admin may remove members but not the owner', async () => {
    await a.getByRole('tab', { name: 'Members' }).click();
    await memberRow(a, miaId).getByRole('button', { name: `Remove (${mia.name})` }).waitFor();
    expect(await memberRow(a, oliveId).getByRole('button').count()).toBe(0);
    expect(await members(a).getByRole('button', { name: /Make (admin|member|owner)/ }).count()).toBe(0); // only the owner sets roles
    await a.getByLabel('Group description').fill('Saturday walks, all paces');
    await a.getByRole('button', { name: 'Save settings' }).click();
    await o.getByText('Saturday walks, all paces ·').waitFor();
    await a.getByRole('tab', { name: 'Chat' }).click();
  });

  it('unread: messages bold the group with counts and move it to the top; seen without the focus they stay unread; the badge on Mia’s second device clears as she reads on the first', async () => {
    await m1.getByRole('heading', { name: /^Welcome/ }).waitFor(); // reading nothing
    expect(await sidebar(m2).locator('.group-name').allTextContents()).toEqual([quiet, walkers]);
    // Adam has the chat open, but his window loses the focus: what arrives meanwhile stays unread.
    await a.locator('.messages').waitFor();
    await a.evaluate(() => {
      (globalThis as unknown as { document: { hasFocus(): boolean } }).document.hasFocus = () => false;
    });
    const owner = await apiAs(o, runtime);
    firstMessageId = (await owner.postMessage(groupId, { id: randomUUID(), body: 'Who walks on Saturday?' })).id;
    await owner.postMessage(groupId, { id: randomUUID(), body: 'Mia, you lead', mentions: [miaId] });
    for (const page of [m1, m2]) {
      await groupButton(page, walkers).getByTestId('unread-badge').filter({ hasText: '2' }).waitFor();
      await groupButton(page, walkers).getByTestId('mention-badge').filter({ hasText: '@1' }).waitFor();
    }
    expect(await sidebar(m2).locator('.group-name').allTextContents()).toEqual([walkers, quiet]);
    expect(await groupButton(m2, walkers).getAttribute('class')).toBe('unread');
    expect(await groupButton(m2, walkers).getAttribute('aria-label')).toBeNull();
    await groupButton(m2, walkers).getByText('2 unread messages').waitFor({ state: 'attached' }); // for screen readers
    expect(await seriousA11yViolations(m2)).toEqual([]); // the group list beside a chat
    await screenshot(m2, 'unread-badges', { dark: true });
    expect(await seriousA11yViolations(m1)).toEqual([]); // the group list on the welcome screen
    await screenshot(m1, 'group-list', { dark: true });

    await a.locator('.message-body', { hasText: 'Mia, you lead' }).waitFor();
    await groupButton(a, walkers).getByTestId('unread-badge').filter({ hasText: '2' }).waitFor();
    await a.evaluate(() => {
      const scope = globalThis as unknown as { document: { hasFocus?: () => boolean }; dispatchEvent(event: unknown): void; Event: new (type: string) => unknown };
      delete scope.document.hasFocus; // back to the prototype's
      scope.dispatchEvent(new scope.Event('focus'));
    });
    await groupButton(a, walkers).getByTestId('unread-badge').waitFor({ state: 'detached' }); // read once the window has the focus

    await m1.bringToFront();
    await groupButton(m1, walkers).click();
    await m1.locator('.message-body', { hasText: 'Mia, you lead' }).waitFor();
    await groupButton(m1, walkers).getByTestId('unread-badge').waitFor({ state: 'detached' });
    await groupButton(m2, walkers).getByTestId('unread-badge').waitFor({ state: 'detached' }); // live, on the other device
    expect(await groupButton(m2, walkers).getByTestId('mention-badge').count()).toBe(0);
    expect(await groupButton(m2, walkers).getAttribute('class')).toBeNull();
    const miaApi = await apiAs(m1, runtime);
    expect((await miaApi.listMyGroups()).find((group) => group.id === groupId)).toMatchObject({ unreadCount: 0, mentionCount: 0 });
  });

  it('typing: Mia, then Adam, type; the owner reads who is typing under the messages', async () => {
    await o.getByRole('tab', { name: 'Chat' }).click();
    await o.locator('.message-body', { hasText: 'Mia, you lead' }).waitFor();
    await m1.getByLabel('Message', { exact: true }).pressSequentially('I can', { delay: 20 });
    await o.getByTestId('typing').filter({ hasText: `${mia.name} is typing…` }).waitFor();
    // Each shows for 5 s: on a slow machine Mia's may lapse before Adam's arrives, so both type on until both show
    // (each sends at most every 3 s, so a round 4 s after the last sends again).
    const both = o.getByTestId('typing').filter({ hasText: `${mia.name} and ${adam.name} are typing…` });
    for (let round = 0; ; round++) {
      await a.getByLabel('Message', { exact: true }).pressSequentially(round === 0 ? 'Me too' : '!', { delay: 20 });
      if (round > 0) await m1.getByLabel('Message', { exact: true }).pressSequentially('!');
      const shown = await both.waitFor({ timeout: 4_000 }).then(() => true, () => false);
      if (shown) break;
      if (round === 3) throw new Error('the owner never saw both typing');
    }
    expect(await m1.getByTestId('typing').textContent()).not.toContain(mia.name); // not told about oneself
    // A message ends its author's typing (exactly so in test/chat-core/people.test.ts; here Adam's may lapse too).
    await m1.getByLabel('Message', { exact: true }).press('Enter');
    await o.getByTestId('typing').filter({ hasNotText: mia.name }).waitFor();
    // The avatars carry the authors' presence too.
    await o.locator(`li.message-first:has(.message-body:text-matches("^I can")) .avatar .presence-dot[data-online="true"]`).waitFor();
    expect(await seriousA11yViolations(o)).toEqual([]); // the chat
    await screenshot(o, 'typing', { dark: true });
  });

  it('the thread and applications screens have no serious accessibility violation', async () => {
    await o.goto(`${runtime.url}/groups/${groupId}/threads/${firstMessageId}`);
    await o.getByRole('complementary', { name: 'Thread' }).getByText('No replies yet').waitFor();
    expect(await seriousA11yViolations(o)).toEqual([]);
    await o.goto(`${runtime.url}/groups/${groupId}/applications`);
    await o.getByText('No one is waiting to join.').waitFor();
    expect(await seriousA11yViolations(o)).toEqual([]);
  });

  it('the owner removes Mia: her device online drops the group and says who removed her; the one offline says so once back', async () => {
    await m2Network.cut();
    await m2.getByTestId('connection').filter({ hasText: 'Reconnecting…' }).waitFor();
    await o.getByRole('tab', { name: 'Members' }).click();
    acceptNextDialog(o);
    await memberRow(o, miaId).getByRole('button', { name: `Remove (${mia.name})` }).click();
    await memberRow(o, miaId).waitFor({ state: 'detached' });
    const notice = `You were removed from ${walkers} by ${olive.name}`;
    await m1.getByText(notice).waitFor();
    expect(new URL(m1.url()).pathname).toBe('/');
    expect(await groupButton(m1, walkers).count()).toBe(0);
    m2Network.restore();
    await m2.getByTestId('connection').filter({ hasText: 'Live' }).waitFor({ timeout: 45_000 });
    await m2.getByText(`You were removed from ${walkers}: its messages and members are no longer available to you.`).waitFor();
    expect(await groupButton(m2, walkers).count()).toBe(0);
    expect(await seriousA11yViolations(m1)).toEqual([]);
    await screenshot(m1, 'removed-notice', { dark: true });
    await m1.locator('.notice', { hasText: notice }).getByRole('button', { name: 'Dismiss notice' }).click();
    await m1.getByText(notice).waitFor({ state: 'detached' });
  });

  it('the owner hands the group to Adam; Adam closes the app and goes offline; Olive, now an admin, leaves', async () => {
    acceptNextDialog(o);
    await memberRow(o, adamId).getByRole('button', { name: `Make owner (${adam.name})` }).click();
    await groupButton(o, walkers).locator('.group-role', { hasText: 'admin' }).waitFor();
    await groupButton(a, walkers).locator('.group-role', { hasText: 'owner' }).waitFor();
    await memberRow(o, adamId).locator('.role-badge', { hasText: 'owner' }).waitFor();

    await a.context().close();
    await memberRow(o, adamId).locator('.presence-dot[data-online="false"]').waitFor();
    expect(await memberRow(o, adamId).getByText('offline').count()).toBe(1);

    acceptNextDialog(o);
    await memberRow(o, oliveId).getByRole('button', { name: 'Leave group' }).click();
    await o.getByRole('heading', { name: /^Welcome/ }).waitFor();
    expect(new URL(o.url()).pathname).toBe('/');
    expect(await groupButton(o, walkers).count()).toBe(0);
    expect(await o.getByText(/You were removed/).count()).toBe(0); // leaving is no removal
  });

  it('a group Mia creates on one device is listed at once on her other one (no reload); the members tab has an address; settings pass axe', async () => {
    const own = `Mia's own ${marker}`;
    await m1.getByRole('button', { name: 'New group' }).click();
    await m1.getByLabel('Name').fill(own);
    await m1.getByRole('button', { name: 'Create group' }).click();
    await m1.getByRole('heading', { name: own }).waitFor();
    await groupButton(m2, own).waitFor(); // told by group.created
    await groupButton(m2, own).click();
    await m2.getByRole('heading', { name: own }).waitFor();

    await m1.getByRole('tab', { name: 'Members' }).click();
    await m1.getByLabel('Group description').waitFor(); // the owner's settings, in the members panel
    expect(new URL(m1.url()).pathname).toMatch(/\/members$/);
    expect(await seriousA11yViolations(m1)).toEqual([]);
    await screenshot(m1, 'group-settings', { dark: true });
    await m1.reload();
    await m1.getByRole('tab', { name: 'Members', selected: true }).waitFor();
    await m1.goBack();
    await m1.getByRole('tab', { name: 'Chat', selected: true }).waitFor();
  });
});
