import { envelopeAttributes, type Envelope } from './envelope';

/** CloudWatch namespace of the delivery metrics (the components' alarms and dashboard read it). */
export const DELIVERY_METRICS_NAMESPACE = 'GroupChat/Delivery';

/** What one fan-out invocation did with one envelope. */
export interface DeliveryCounts {
  /** Connections this invocation posted to (its batch). */
  batchSize: number;
  delivered: number;
  /** Posts answered 410: the connection was gone and has been forgotten. */
  gone: number;
  failed: number;
  batchesPublished: number;
}

const COUNTS = [
  ['BatchSize', 'batchSize'],
  ['DeliveredPosts', 'delivered'],
  ['GoneConnections', 'gone'],
  ['FailedPosts', 'failed'],
  ['BatchesPublished', 'batchesPublished'],
] as const;

/**
 * One CloudWatch embedded metric format (EMF) document about one delivery, by fan-out function: the counts
 * above, and `CommitToPostLatency`, the milliseconds from the commit of the event to the end of this
 * invocation's last post (only when the envelope carries `committedAt` and something was posted).
 * Written as one line to the function's log, CloudWatch Logs turns it into metrics; no API call, no permission.
 */
export function deliveryMetrics(envelope: Envelope, counts: DeliveryCounts, functionName: string, now: number): Record<string, unknown> {
  const metrics: { Name: string; Unit: string }[] = COUNTS.map(([name]) => ({ Name: name, Unit: 'Count' }));
  const values: Record<string, number> = Object.fromEntries(COUNTS.map(([name, key]) => [name, counts[key]]));
  if (envelope.committedAt !== undefined && counts.batchSize > 0) {
    metrics.unshift({ Name: 'CommitToPostLatency', Unit: 'Milliseconds' });
    values.CommitToPostLatency = Math.max(0, now - envelope.committedAt);
  }
  return {
    _aws: {
      Timestamp: now,
      CloudWatchMetrics: [{ Namespace: DELIVERY_METRICS_NAMESPACE, Dimensions: [['FunctionName']], Metrics: metrics }],
    },
    FunctionName: functionName,
    ...envelopeAttributes(envelope),
    ...values,
  };
}

/**
 * Writes an EMF document as one line straight to stdout: with the JSON log format, Lambda passes such a line
 * through as it is, whereas `console.log` would wrap it in its own JSON and CloudWatch would extract nothing.
 */
export function writeEmfLine(document: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(document)}\n`);
}
