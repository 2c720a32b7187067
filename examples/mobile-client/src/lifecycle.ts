import type { RealtimeConnection } from 'pulumi-groupchat/client';
import type { MobilePlatform } from './platform';

/**
 * A phone's realtime connection: the socket closes when the app goes to the background (`suspend`) and
 * reconnects when it comes back (`resume`), catching up on every followed group from its last `seq` (the SDK
 * hands each event over once, so nothing shows twice). When the network comes back or changes, the connection is
 * made again at once on the new network instead of waiting for the old socket to time out. Returns the stop.
 */
export function followLifecycle(
  realtime: Pick<RealtimeConnection, 'suspend' | 'resume' | 'state'>,
  platform: Pick<MobilePlatform, 'onAppStateChange' | 'onNetworkChange'>,
): () => void {
  let foreground = true;
  let online: boolean | undefined;
  const stops = [
    platform.onAppStateChange((status) => {
      if (status === 'background') {
        foreground = false;
        realtime.suspend();
      } else if (status === 'active') {
        foreground = true;
        if (online !== false) realtime.resume();
      }
    }),
    platform.onNetworkChange((connected) => {
      const first = online === undefined;
      online = connected;
      if (first) return; // the network as the app found it
      if (!connected) return realtime.suspend();
      if (!foreground) return;
      // Back, or on another network: a socket opened on the old one may be dead without knowing it yet.
      if (realtime.state === 'open') realtime.suspend();
      realtime.resume();
    }),
  ];
  return () => stops.forEach((stop) => stop());
}
