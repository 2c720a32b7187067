import { createGroup } from '../../examples/chat-core/groups-slice';
import { eventReceived } from '../../examples/chat-core/events';
import { leaveGroup } from '../../examples/chat-core/people-slice';
import { groupShown, tabShown } from '../../examples/web-client/src/store/navigation-slice';
import { createAppStore } from '../../examples/web-client/src/store/store';
import { fakeServices, group, me, other } from '../chat-core/fixtures';

describe('navigation slice (web client)', () => {
  it('shows a group once it is created', async () => {
    const made = group({ name: 'New', seq: 1 });
    const { store } = fakeServices({ createGroup: async () => made }, undefined, createAppStore);
    await store.dispatch(createGroup({ name: 'New', description: '', discoverable: true }));
    expect(store.getState().navigation.screen).toEqual({ name: 'group', groupId: made.id, tab: 'chat', threadId: null });
  });

  it('leaves the group on show when the user is removed from it, not when someone else is', () => {
    const { store } = fakeServices({}, undefined, createAppStore);
    const groupId = group().id;
    store.dispatch(groupShown({ groupId }));
    store.dispatch(eventReceived({ event: { type: 'member.removed', groupId, seq: 5, userId: other.id, by: me.id }, me: me.id }));
    expect(store.getState().navigation.screen).toMatchObject({ name: 'group', groupId });
    store.dispatch(eventReceived({ event: { type: 'member.removed', groupId, seq: 6, userId: me.id, by: other.id }, me: me.id }));
    expect(store.getState().navigation.screen).toEqual({ name: 'groups' });
  });

  it('goes to the welcome screen once the user has left the group on show (its members tab)', async () => {
    const { store } = fakeServices({ removeMember: async () => undefined }, undefined, createAppStore);
    const groupId = group().id;
    store.dispatch(groupShown({ groupId }));
    store.dispatch(tabShown('members'));
    expect(store.getState().navigation.screen).toMatchObject({ name: 'group', groupId, tab: 'members' });
    await store.dispatch(leaveGroup({ groupId, me: me.id }));
    expect(store.getState().navigation.screen).toEqual({ name: 'groups' });
  });
});
