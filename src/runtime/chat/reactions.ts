import { ApiError } from '../../contract/errors';
import type { GroupEvent } from '../../contract/events';
import { LIMITS } from '../../contract/limits';
import { Emoji, type Message, type Reaction, type ReactionUsers } from '../../contract/model';
import * as events from '../store/events';
import * as groups from '../store/groups';
import { type ReactionCounts, reactorsOf, setReaction } from '../store/reactions';
import { requireMember } from './authorization';
import { parseInput } from './input';
import { deletedMessage, messageInGroup } from './messages';
import { toGroup } from './notifications';
import type { Caller, Outcome } from './outcome';
import { ChatUseCase, Unchanged } from './use-case';

/** Members' emoji reactions to messages. Adding one twice, or removing one that is not there, changes nothing. */
export class ReactionUseCases extends ChatUseCase {
  /** Adds the caller's reaction: `reaction.added` with the new count. */
  async addReaction(caller: Caller, groupId: string, messageId: string, emoji: string): Promise<Outcome<Reaction>> {
    return this.react(caller, groupId, messageId, emoji, true);
  }

  /** Removes the caller's reaction: `reaction.removed` with the new count. */
  async removeReaction(caller: Caller, groupId: string, messageId: string, emoji: string): Promise<Outcome<Reaction>> {
    return this.react(caller, groupId, messageId, emoji, false);
  }

  /** Who reacted to the message with each of its emoji, in the message's order (members only). */
  async listReactions(caller: Caller, groupId: string, messageId: string): Promise<ReactionUsers[]> {
    return this.read(async (tx) => {
      requireMember(await groups.groupAccess(tx, groupId, caller.id), groupId, 'read its messages');
      const message = await messageInGroup(tx, groupId, messageId, caller.id);
      const reactors = await reactorsOf(tx, messageId, LIMITS.reactorsListed);
      return message.reactions.map(({ emoji }) => ({ emoji, ...(reactors.get(emoji) ?? { count: 0, users: [] }) }));
    });
  }

  private async react(caller: Caller, groupId: string, messageId: string, emoji: string, present: boolean): Promise<Outcome<Reaction>> {
    const wanted = parseInput(Emoji, emoji, 'emoji');
    const now = this.now();
    return this.writeUnlessUnchanged(caller, async (tx) => {
      requireMember(await groups.groupAccess(tx, groupId, caller.id), groupId, 'react to its messages');
      // The group's lock orders every change of the group, so the counts read below stay exact.
      const seq = (await events.nextSeq(tx, groupId))!;
      const message = await messageInGroup(tx, groupId, messageId, caller.id);
      if (message.deletedAt) throw deletedMessage(messageId, present ? 'react to' : 'change reactions to');
      const current = message.reactions.find((reaction) => reaction.emoji === wanted);
      if ((current?.mine ?? false) === present) throw new Unchanged(current ?? { emoji: wanted, count: 0, mine: false });
      const after = countsAfter(message, wanted, present ? 1 : -1);
      await setReaction(tx, { messageId, userId: caller.id, emoji: wanted, present }, after);
      const count = after.counts[after.emojis.indexOf(wanted)] ?? 0;
      const event: GroupEvent = {
        type: present ? 'reaction.added' : 'reaction.removed', groupId, seq, messageId, emoji: wanted, userId: caller.id, count,
      };
      await events.storeEvent(tx, event, now);
      return { result: { emoji: wanted, count, mine: present }, notifications: [toGroup(groupId, event)], subscriptions: [] };
    });
  }
}

/** The message's counts with `emoji`'s changed by `delta`; an emoji whose count reaches 0 is dropped. */
function countsAfter(message: Message, emoji: string, delta: 1 | -1): ReactionCounts {
  const reactions = message.reactions.map(({ emoji: e, count }) => ({ emoji: e, count }));
  const existing = reactions.find((reaction) => reaction.emoji === emoji);
  if (existing) existing.count += delta;
  else if (reactions.length >= LIMITS.reactionsPerMessage) {
    throw new ApiError(
      'conflict',
      `This message has ${LIMITS.reactionsPerMessage} different reactions already, the most it can have: react with one of those.`,
    );
  } else reactions.push({ emoji, count: delta });
  const kept = reactions.filter((reaction) => reaction.count > 0);
  return { emojis: kept.map((reaction) => reaction.emoji), counts: kept.map((reaction) => reaction.count) };
}
