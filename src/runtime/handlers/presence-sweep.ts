import { expireStalePresence } from '../realtime/awareness';
import { connections } from '../services/connections';
import { chat } from '../services/chat';
import { publisher } from '../services/publisher';
import { log } from '../log';

/**
 * Run on a schedule: users whose connections all expired without a `$disconnect` (API Gateway's is best
 * effort) are announced offline to the members of their groups.
 */
export async function handler(): Promise<{ offline: number }> {
  const service = await chat();
  const offline = await expireStalePresence(connections(), publisher(), (userId) => service.groupIdsOf(userId));
  if (offline.length > 0) log('info', 'presence expired', { users: offline.length });
  return { offline: offline.length };
}
