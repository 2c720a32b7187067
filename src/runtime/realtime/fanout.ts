import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import type { ServerEvent } from '../../contract/events';
import { LIMITS } from '../../contract/limits';
import { forEachWithConcurrency } from './concurrency';
import { ConnectionsTable } from './connections-table';
import { Envelope, envelopeAttributes } from './envelope';
import { DeliveryCounts, deliveryMetrics } from './delivery-metrics';
import { EventPublisher } from './publisher';
import { errorText, log } from '../log';

export interface FanoutOptions {
  connections: ConnectionsTable;
  management: ApiGatewayManagementApiClient;
  publisher: EventPublisher;
  /** Forgets a connection that is gone (and tells its user's groups when it was the user's last). */
  closeConnection: (connectionId: string) => Promise<void>;
  batchSize: number;
  concurrency: number;
  /** Attempts of one post throttled with 429 before it is given up. */
  maxThrottledAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Where each delivery's metrics go (an EMF document per envelope), by fan-out function; none when not given. */
  metrics?: { functionName: string; write(document: Record<string, unknown>): void };
}

/** What one delivery did, for the log and the delivery metrics. */
export type DeliveryReport = DeliveryCounts;

const encoder = new TextEncoder();

/** The bytes to post: the event itself, or a pointer to it when it would not fit in one WebSocket message. */
export function encodeForDelivery(event: ServerEvent): Uint8Array {
  const bytes = encoder.encode(JSON.stringify(event));
  if (bytes.byteLength <= LIMITS.webSocketMessageBytes || !('seq' in event)) return bytes;
  return encoder.encode(JSON.stringify({ type: 'event.pointer', groupId: event.groupId, seq: event.seq, eventType: event.type }));
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

const isGone = (error: unknown) => (error as Error)?.name === 'GoneException' || statusOf(error) === 410;
const isThrottled = (error: unknown) =>
  statusOf(error) === 429 || ['LimitExceededException', 'TooManyRequestsException', 'ThrottlingException'].includes((error as Error)?.name);

/** `ids` in consecutive slices of at most `size` (none for no ids). */
export function splitIntoBatches<T>(ids: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < ids.length; start += size) batches.push(ids.slice(start, start + size));
  return batches;
}

/**
 * Delivers one envelope. A fresh envelope is resolved to connection ids; when there are more than one
 * batch, the batches after the first are re-published to the topic (so other invocations deliver them in
 * parallel) and this invocation delivers the first.
 */
export async function deliver(envelope: Envelope, options: FanoutOptions): Promise<DeliveryReport> {
  const report: DeliveryReport = { batchSize: 0, delivered: 0, gone: 0, failed: 0, batchesPublished: 0 };
  let targets = envelope.connectionIds;
  if (!targets) {
    targets = await resolveAudience(envelope, options.connections);
    const [own, ...others] = splitIntoBatches(targets, options.batchSize);
    await Promise.all(
      others.map((connectionIds) => {
        const batch: Envelope = { ...envelope, connectionIds };
        return options.publisher.publish(JSON.stringify(batch), envelopeAttributes(batch));
      }),
    );
    report.batchesPublished = others.length;
    targets = own ?? [];
  }

  report.batchSize = targets.length;
  const data = encodeForDelivery(envelope.event);
  await forEachWithConcurrency(targets, options.concurrency, async (connectionId) => {
    const outcome = await postWithBackoff(connectionId, data, options);
    report[outcome]++;
    if (outcome === 'gone') {
      // Failing to forget it only costs a wasted post next time; the table's TTL removes it in the end.
      await options
        .closeConnection(connectionId)
        .catch((error: unknown) => log('warn', 'stale connection not removed', { connectionId, error: errorText(error) }));
    }
  });
  options.metrics?.write(deliveryMetrics(envelope, report, options.metrics.functionName, Date.now()));
  return report;
}

async function resolveAudience(envelope: Envelope, connections: ConnectionsTable): Promise<string[]> {
  const { audience } = envelope;
  const groupIds = audience.kind === 'group' ? [audience.groupId] : audience.kind === 'groups' ? audience.groupIds : [];
  const ids =
    audience.kind === 'users'
      ? await Promise.all(audience.userIds.map((userId) => connections.userConnections(userId)))
      : await Promise.all(groupIds.map((groupId) => connections.groupConnections(groupId, audience.exceptUserId)));
  return [...new Set(ids.flat())];
}

async function postWithBackoff(
  connectionId: string,
  data: Uint8Array,
  options: FanoutOptions,
): Promise<'delivered' | 'gone' | 'failed'> {
  const maxAttempts = options.maxThrottledAttempts ?? 5;
  const sleep = options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      await options.management.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: data }));
      return 'delivered';
    } catch (error) {
      if (isGone(error)) return 'gone';
      if (isThrottled(error) && attempt < maxAttempts) {
        await sleep(Math.random() * 50 * 2 ** attempt);
        continue;
      }
      log('error', 'post to connection failed', { connectionId, error: errorText(error) });
      return 'failed';
    }
  }
}
