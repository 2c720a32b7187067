import type { Outcome } from '../chat/outcome';
import { ConnectionsTable } from './connections-table';
import { Envelope, envelopeAttributes } from './envelope';
import { EventPublisher } from './publisher';
import { errorText, log } from '../log';

/**
 * Does what a committed write asks for: subscriptions first (a new member hears its own `member.joined`;
 * a removed member is unsubscribed before `member.removed` goes out), then one publish per event.
 * The write is already committed, so a failure here is logged, not thrown: the caller's request has
 * succeeded, and clients that miss an event see the `seq` gap and catch up over REST.
 */
export async function afterCommit(
  outcome: Pick<Outcome<unknown>, 'notifications' | 'subscriptions'>,
  connections: ConnectionsTable,
  publisher: EventPublisher,
): Promise<void> {
  await Promise.all(
    outcome.subscriptions.map((change) =>
      (change.subscribed ? connections.subscribe(change.userId, change.groupId) : connections.unsubscribe(change.userId, change.groupId)).catch(
        (error) => logFailure('subscription change failed', { ...change }, error),
      ),
    ),
  );
  const committedAt = Date.now();
  for (const notification of outcome.notifications) {
    const envelope: Envelope = { audience: notification.audience, event: notification.event, committedAt };
    await publisher
      .publish(JSON.stringify(envelope), envelopeAttributes(envelope))
      .catch((error) => logFailure('publish failed', envelopeAttributes(envelope), error));
  }
}

function logFailure(msg: string, details: Record<string, unknown>, error: unknown): void {
  log('error', msg, { ...details, error: errorText(error) });
}
