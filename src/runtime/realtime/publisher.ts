import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SDK_CLIENT_SETTINGS } from '../sdk-clients';

/** Where the runtime publishes events after a commit: SNS on AWS, an in-process topic locally. */
export interface EventPublisher {
  publish(message: string, attributes: Record<string, string>): Promise<void>;
}

/** Publishes to the events topic through the real SNS client (its endpoint honours `AWS_ENDPOINT_URL_SNS`). */
export class SnsPublisher implements EventPublisher {
  constructor(
    private readonly topicArn: string,
    private readonly client = new SNSClient(SDK_CLIENT_SETTINGS),
  ) {}

  async publish(message: string, attributes: Record<string, string>): Promise<void> {
    await this.client.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Message: message,
        MessageAttributes: Object.fromEntries(
          Object.entries(attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]),
        ),
      }),
    );
  }
}
