import { randomUUID } from 'node:crypto';

/** The events topic's ARN in the local runtime. */
export const LOCAL_TOPIC_ARN = 'arn:aws:sns:local:000000000000:groupchat-events';

/** Invokes the subscribed function with an SNS event; resolves when the invocation has finished. */
export type SnsSubscriber = (event: unknown) => Promise<unknown>;

/**
 * An SNS topic with one subscriber, in process: `publish` returns at once (like SNS once it has accepted a
 * message) and the subscriber gets an SNS-shaped event on a later turn of the event loop. It implements the
 * runtime's `EventPublisher`.
 */
export class InProcessTopic {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly subscriber: SnsSubscriber,
    private readonly topicArn = LOCAL_TOPIC_ARN,
  ) {}

  async publish(message: string, attributes: Record<string, string>): Promise<void> {
    const event = this.snsEvent(message, attributes);
    const delivery = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.subscriber(event))
      .then(
        () => undefined,
        (error) => console.error('local sns: the fanout handler failed', error),
      );
    this.inFlight.add(delivery);
    void delivery.finally(() => this.inFlight.delete(delivery));
  }

  /** Resolves when every delivery started so far, and those they started in turn, has finished. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private snsEvent(message: string, attributes: Record<string, string>) {
    const messageId = randomUUID();
    return {
      Records: [
        {
          EventSource: 'aws:sns',
          EventVersion: '1.0',
          EventSubscriptionArn: `${this.topicArn}:${randomUUID()}`,
          Sns: {
            Type: 'Notification',
            MessageId: messageId,
            TopicArn: this.topicArn,
            Subject: null,
            Message: message,
            Timestamp: new Date().toISOString(),
            SignatureVersion: '1',
            Signature: 'local',
            SigningCertUrl: 'http://localhost/local.pem',
            UnsubscribeUrl: 'http://localhost/unsubscribe',
            MessageAttributes: Object.fromEntries(
              Object.entries(attributes).map(([name, value]) => [name, { Type: 'String', Value: value }]),
            ),
          },
        },
      ],
    };
  }
}
