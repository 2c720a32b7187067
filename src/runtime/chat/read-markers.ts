import { ApiError } from '../../contract/errors';
import type { ReadMarker } from '../../contract/model';
import * as groups from '../store/groups';
import { moveReadMarker } from '../store/read-markers';
import { requireMember } from './authorization';
import { toUsers } from './notifications';
import type { Caller, Outcome } from './outcome';
import { ChatUseCase } from './use-case';

/** Read markers: how far each member has read in each group (the unread counts are in `listMyGroups`). */
export class ReadMarkerUseCases extends ChatUseCase {
  /**
   * Moves the caller's marker forward to `seq` (never back: an older `seq` answers the current marker and emits
   * nothing). The caller's own connections hear of it, so their other devices can clear their unread badges.
   */
  async markRead(caller: Caller, groupId: string, seq: number): Promise<Outcome<ReadMarker>> {
    if (!Number.isSafeInteger(seq) || seq < 0) throw new ApiError('bad_request', 'seq must be a whole number, 0 or more.');
    return this.write(caller, async (tx) => {
      const { group } = requireMember(await groups.groupAccess(tx, groupId, caller.id), groupId, 'keep a read marker');
      if (seq > group.seq) {
        throw new ApiError('bad_request', `seq ${seq} is beyond the group's newest event (${group.seq}); mark read up to a seq you have received.`);
      }
      const marker = await moveReadMarker(tx, groupId, caller.id, seq);
      if (!marker) throw new ApiError('not_found', `There is no group ${groupId}, or it is private and you are not a member.`);
      const { lastReadSeq, moved } = marker;
      return {
        result: { lastReadSeq },
        notifications: moved ? [toUsers([caller.id], { type: 'read_marker.updated', groupId, lastReadSeq })] : [],
        subscriptions: [],
      };
    });
  }
}
