import type { ServerEvent } from '../../contract/events';
import type { Audience } from '../chat/outcome';

/**
 * What travels on the events topic. A fresh envelope names its audience; the fan-out resolves it to
 * connection ids and, for a large audience, re-publishes batches that carry their slice of ids, so the
 * recipients are bound before the delivering invocation runs.
 */
export interface Envelope {
  audience: Audience;
  event: ServerEvent;
  connectionIds?: string[];
  /** When the change was committed (ms since the epoch), for the commit-to-post latency metric. */
  committedAt?: number;
}

export function envelopeAttributes(envelope: Envelope): Record<string, string> {
  const attributes: Record<string, string> = { eventType: envelope.event.type, stage: envelope.connectionIds ? 'batch' : 'event' };
  if ('groupId' in envelope.event) attributes.groupId = envelope.event.groupId;
  if ('seq' in envelope.event) attributes.seq = String(envelope.event.seq);
  return attributes;
}

export function parseEnvelope(message: string): Envelope {
  const envelope = JSON.parse(message) as Envelope;
  if (!envelope || typeof envelope !== 'object' || !envelope.audience || !envelope.event?.type) {
    throw new Error('The message on the events topic is not an envelope.');
  }
  return envelope;
}
