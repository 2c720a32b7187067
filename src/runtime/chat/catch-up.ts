import { ApiError } from '../../contract/errors';
import type { EventPage } from '../../contract/events';
import * as events from '../store/events';
import * as groups from '../store/groups';
import { requireMember } from './authorization';
import { parseLimit } from './input';
import type { Caller } from './outcome';
import { ChatUseCase } from './use-case';

/** The group's stored events, read back in `seq` order by clients that missed some. */
export class CatchUpUseCases extends ChatUseCase {
  /** The group's events with `seq` above `afterSeq`, for catch-up (members only). */
  async listEvents(caller: Caller, groupId: string, afterSeq: number, limit: number): Promise<EventPage> {
    if (!Number.isSafeInteger(afterSeq) || afterSeq < 0) {
      throw new ApiError('bad_request', 'afterSeq must be a whole number, 0 or more.');
    }
    const pageSize = parseLimit(limit);
    return this.read(async (tx) => {
      const { group } = requireMember(await groups.groupAccess(tx, groupId, caller.id), groupId, 'read its events');
      const page = await events.eventsAfter(tx, groupId, afterSeq, pageSize);
      return { ...page, latestSeq: group.seq };
    });
  }
}
