import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { randomUUID } from 'node:crypto';
import { LOCAL_AWS, motoEndpoint } from './aws';

/** A message as it reached the topic: its text and its attributes. */
export interface TopicMessage {
  message: string;
  attributes: Record<string, string>;
}

/** Calls moto's SQS with the JSON protocol (no SQS client in the dependencies; moto does not check signatures). */
async function sqs<T>(action: string, body: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${motoEndpoint()}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `AmazonSQS.${action}`,
      authorization: `AWS4-HMAC-SHA256 Credential=test/20260101/${LOCAL_AWS.region}/sqs/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`SQS ${action} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * A fresh SNS topic on moto with an SQS queue subscribed to it, so a test can read back what was published
 * (message and attributes) exactly as a subscriber receives it.
 */
export async function topicWithTap(): Promise<{ topicArn: string; drain(): Promise<TopicMessage[]> }> {
  const sns = new SNSClient({ ...LOCAL_AWS, endpoint: motoEndpoint() });
  const name = `events-${randomUUID()}`;
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
  const { QueueUrl } = await sqs<{ QueueUrl: string }>('CreateQueue', { QueueName: name });
  const { Attributes } = await sqs<{ Attributes: { QueueArn: string } }>('GetQueueAttributes', { QueueUrl, AttributeNames: ['QueueArn'] });
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: Attributes.QueueArn }));
  sns.destroy();
  return {
    topicArn: TopicArn!,
    async drain() {
      const messages: TopicMessage[] = [];
      for (;;) {
        const { Messages = [] } = await sqs<{ Messages?: { Body: string; ReceiptHandle: string }[] }>('ReceiveMessage', {
          QueueUrl,
          MaxNumberOfMessages: 10,
        });
        if (Messages.length === 0) return messages;
        for (const { Body, ReceiptHandle } of Messages) {
          const notification = JSON.parse(Body) as { Message: string; MessageAttributes?: Record<string, { Type: string; Value: string }> };
          messages.push({
            message: notification.Message,
            attributes: Object.fromEntries(Object.entries(notification.MessageAttributes ?? {}).map(([key, { Value }]) => [key, Value])),
          });
          await sqs('DeleteMessage', { QueueUrl, ReceiptHandle });
        }
      }
    },
  };
}
