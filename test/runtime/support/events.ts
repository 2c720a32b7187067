import type { SNSEvent } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import type { ServerEvent } from '../../../src/contract/events';
import type { Audience } from '../../../src/runtime/chat/outcome';
import type { EventPublisher } from '../../../src/runtime/realtime/publisher';

/** A `message.created` event of `groupId` with a body of `bodyChars` characters. */
export function messageCreated(groupId: string, seq: number, bodyChars = 20): Extract<ServerEvent, { type: 'message.created' }> {
  return {
    type: 'message.created',
    groupId,
    seq,
    message: {
      id: randomUUID(),
      groupId,
      authorId: 'alice',
      body: 'x'.repeat(bodyChars),
      createdAt: new Date().toISOString(),
      parentId: null,
      position: seq,
      seq,
      replyCount: 0,
      mentions: [],
      editedAt: null,
      deletedAt: null,
      reactions: [],
    },
  };
}

/** An SNS-triggered invocation carrying `messages` as the topic delivers them. */
export function snsEvent(...messages: { message: string; attributes?: Record<string, string> }[]): SNSEvent {
  return {
    Records: messages.map(({ message, attributes = {} }) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:events:subscription',
      Sns: {
        Type: 'Notification',
        MessageId: randomUUID(),
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:events',
        Subject: '',
        Message: message,
        Timestamp: new Date().toISOString(),
        SignatureVersion: '1',
        Signature: '',
        SigningCertUrl: '',
        UnsubscribeUrl: '',
        MessageAttributes: Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, { Type: 'String', Value: value }])),
      },
    })),
  };
}

/** An envelope as the runtime publishes it after a commit. */
export const envelope = (audience: Audience, event: ServerEvent, connectionIds?: string[]) =>
  JSON.stringify({ audience, event, ...(connectionIds ? { connectionIds } : {}) });

/** Keeps what is published, for tests that look at the fan-out's own batches (moto's SNS is tested apart). */
export class RecordingPublisher implements EventPublisher {
  readonly published: { message: string; attributes: Record<string, string> }[] = [];

  async publish(message: string, attributes: Record<string, string>): Promise<void> {
    this.published.push({ message, attributes });
  }
}
