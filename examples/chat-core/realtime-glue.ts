import type { RealtimeConnection } from 'pulumi-groupchat/client';
import { messageOf } from './services';
import { connectionChanged, connectionProblem, eventReceived } from './events';
import { loadMyGroups, removedFromGroup } from './groups-slice';
import { loadPresence, typingSeen } from './people-slice';
import { refreshUnreadCounts } from './read-markers';
import type { ChatStoreLike } from './store';

/**
 * Feeds the realtime connection into the store: every event (already in order and deduplicated by the SDK),
 * the connection's state (for the "reconnecting" indicator) and its problems. When the signed-in user is
 * approved into a group, or created one on another device, the group list is read again so the new group appears
 * and is followed. Typing notices are
 * stamped with the time they arrived; a removal by someone else leaves a notice saying who; after a reconnect the
 * group list's counts are read again, which also finds the groups I was removed from meanwhile.
 * Returns the function that disconnects the two.
 */
export function connectRealtime(
  store: ChatStoreLike,
  realtime: Pick<RealtimeConnection, 'onEvent' | 'onStateChange' | 'onError' | 'state'>,
  me: string,
): () => void {
  store.dispatch(connectionChanged(realtime.state));
  const stops = [
    realtime.onEvent((event) => {
      if (event.type === 'member.removed' && event.userId === me && event.by !== me) {
        // Told before the event takes the group away, with the remover's name while the members are known.
        const by = store.getState().chat[event.groupId]?.members[event.by]?.user.name ?? null;
        store.dispatch(removedFromGroup({ groupId: event.groupId, seq: event.seq, by }));
      }
      store.dispatch(eventReceived({ event, me }));
      // Presence is told on connecting and disconnecting: whether a new member is online, only the list says.
      if (event.type === 'member.joined' && event.member.user.id !== me && store.getState().chat[event.groupId]) void store.dispatch(loadPresence(event.groupId));
      if (event.type === 'typing') store.dispatch(typingSeen({ groupId: event.groupId, userId: event.userId, at: Date.now() }));
      // Only the server knows which of the remaining unread messages are replies, mentions or deleted.
      if ((event.type === 'read_marker.updated' || event.type === 'message.deleted') && unread(store, event.groupId)) void store.dispatch(refreshUnreadCounts());
      const joined =
        event.type === 'group.created' ||
        (event.type === 'application.approved' && event.application.applicant.id === me) ||
        (event.type === 'member.joined' && event.member.user.id === me);
      if (joined && !store.getState().groups.mine.some((group) => group.id === event.groupId)) void store.dispatch(loadMyGroups());
    }),
    realtime.onStateChange((state) => {
      const was = store.getState().session.connection;
      store.dispatch(connectionChanged(state));
      // Back after a gap: the counts may have moved, and a removal meanwhile reaches no one (catch-up is for members).
      if (state === 'open' && (was === 'reconnecting' || was === 'suspended')) void store.dispatch(refreshUnreadCounts());
    }),
    realtime.onError((error) => store.dispatch(connectionProblem(messageOf(error)))),
  ];
  return () => stops.forEach((stop) => stop());
}

const unread = (store: ChatStoreLike, groupId: string) => (store.getState().groups.mine.find((group) => group.id === groupId)?.unreadCount ?? 0) > 0;
