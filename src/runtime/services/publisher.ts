import { required } from '../config';
import { config, containerSingleton, publisherOverride } from '../context';
import { EventPublisher, SnsPublisher } from '../realtime/publisher';

/** The events topic `EVENTS_TOPIC_ARN` on SNS, or the publisher configureRuntime named. */
export const publisher: () => EventPublisher = containerSingleton(
  () => publisherOverride() ?? new SnsPublisher(required(config(), 'eventsTopicArn')),
);
