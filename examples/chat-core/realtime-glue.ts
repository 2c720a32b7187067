import type { RealtimeConnection } from 'pulumi-groupchat/client';
import { messageOf } from './services';
import { connectionChanged, connectionProblem, eventReceived } from './events';
import { loadMyGroups } from './groups-slice';
import type { ChatStoreLike } from './store';

/**
 * Feeds the realtime connection into the store: every event (already in order and deduplicated by the SDK),
 * the connection's state (for the "reconnecting" indicator) and its problems. When the signed-in user is
 * approved into a group, the group list is read again so the new group appears and is followed.
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
      store.dispatch(eventReceived({ event, me }));
      const joined =
        (event.type === 'application.approved' && event.application.applicant.id === me) ||
        (event.type === 'member.joined' && event.member.user.id === me);
      if (joined && !store.getState().groups.mine.some((group) => group.id === event.groupId)) void store.dispatch(loadMyGroups());
    }),
    realtime.onStateChange((state) => store.dispatch(connectionChanged(state))),
    realtime.onError((error) => store.dispatch(connectionProblem(messageOf(error)))),
  ];
  return () => stops.forEach((stop) => stop());
}
