import type { SNSEvent } from 'aws-lambda';
import { config } from '../context';
import { connections } from '../services/connections';
import { management } from '../services/management';
import { publisher } from '../services/publisher';
import { envelopeAttributes, parseEnvelope } from '../realtime/envelope';
import { closeConnection } from '../realtime/awareness';
import { writeEmfLine } from '../realtime/delivery-metrics';
import { deliver } from '../realtime/fanout';
import { log } from '../log';

/**
 * Delivers the events published to the topic to the live connections of their audience. On Lambda (where
 * `AWS_LAMBDA_FUNCTION_NAME` is set) each delivery also writes its metrics to the log; the local runtime writes none.
 */
export async function handler(event: SNSEvent): Promise<void> {
  const settings = config();
  const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME;
  for (const record of event.Records) {
    const envelope = parseEnvelope(record.Sns.Message);
    const report = await deliver(envelope, {
      connections: connections(),
      management: management(),
      publisher: publisher(),
      closeConnection: (connectionId) => closeConnection(connections(), publisher(), connectionId),
      batchSize: settings.fanoutBatchSize,
      concurrency: settings.fanoutConcurrency,
      metrics: functionName ? { functionName, write: writeEmfLine } : undefined,
    });
    log('info', 'delivered', { ...envelopeAttributes(envelope), ...report });
  }
}
