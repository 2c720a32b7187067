import { monitoringAlarms } from '../../policy-pack/rules/monitoring';
import { AWS } from '../../policy-pack/rules/resource-types';
import { Props, StackResourceSpec, UNKNOWN_STRING, runStackPolicy, withChange } from './policy-harness';

const FANOUT_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:chat-fanout-x7';
const QUEUE_ARN = 'arn:aws:sqs:us-east-1:123456789012:chat-fanout-failures';

const alarm = (name: string, namespace: string, metricName: string, dimensions: Props): StackResourceSpec => ({
  type: AWS.metricAlarm, name, props: { namespace, metricName, dimensions, threshold: 1 },
});

/** A compliant stack: what the components create, reduced to what the rule reads. */
function baseline(): StackResourceSpec[] {
  return [
    { type: AWS.lambdaFunction, name: 'fanout', props: { name: 'chat-fanout-x7', arn: FANOUT_ARN } },
    { type: AWS.snsTopicSubscription, name: 'fanout-sub', props: { protocol: 'lambda', endpoint: FANOUT_ARN } },
    { type: AWS.sqsQueue, name: 'failures-queue', props: { name: 'chat-fanout-failures', arn: QUEUE_ARN } },
    { type: AWS.lambdaEventInvokeConfig, name: 'fanout-config', props: { functionName: 'chat-fanout-x7', destinationConfig: { onFailure: { destination: QUEUE_ARN } } } },
    alarm('fanout-errors', 'AWS/Lambda', 'Errors', { FunctionName: 'chat-fanout-x7' }),
    alarm('fanout-throttles', 'AWS/Lambda', 'Throttles', { FunctionName: 'chat-fanout-x7' }),
    alarm('fanout-failures', 'AWS/SQS', 'ApproximateNumberOfMessagesVisible', { QueueName: 'chat-fanout-failures' }),
    { type: AWS.apiGatewayV2Api, name: 'http', props: { id: 'api123', protocolType: 'HTTP' } },
    { type: AWS.apiGatewayV2Api, name: 'ws', props: { id: 'ws123', protocolType: 'WEBSOCKET' } },
    {
      type: AWS.metricAlarm, name: 'http-5xx-rate', props: {
        metricQueries: [
          { id: 'errors', metric: { namespace: 'AWS/ApiGateway', metricName: '5xx', dimensions: { ApiId: 'api123' } } },
          { id: 'requests', metric: { namespace: 'AWS/ApiGateway', metricName: 'Count', dimensions: { ApiId: 'api123' } } },
          { id: 'rate', expression: 'IF(requests > 0, 100 * errors / requests, 0)' },
        ],
      },
    },
    { type: AWS.instance, name: 'neo4j', props: { id: 'i-0abc' } },
    { type: AWS.volumeAttachment, name: 'neo4j-data', props: { instanceId: 'i-0abc', volumeId: 'vol-1' } },
    alarm('neo4j-status', 'AWS/EC2', 'StatusCheckFailed', { InstanceId: 'i-0abc' }),
    alarm('neo4j-disk', 'GroupChat/Neo4j', 'disk_used_percent', { InstanceId: 'i-0abc', path: '/data' }),
    { type: AWS.dashboard, name: 'dashboard', props: { dashboardName: 'chat' } },
  ];
}

const without = (specs: StackResourceSpec[], name: string) => specs.filter((spec) => spec.name !== name);
function changed(specs: StackResourceSpec[], name: string, path: string, value: unknown): StackResourceSpec[] {
  return specs.map((spec) => (spec.name === name ? { ...spec, props: withChange(spec.props, path, value) } : spec));
}

describe('monitoring-alarms', () => {
  test('the baseline (what the components create) passes', async () => {
    expect(await runStackPolicy(monitoringAlarms, baseline())).toEqual({ violations: [], urns: [], notApplicable: false });
  });

  test('a stack without a fan-out, HTTP API or instance is not its business', async () => {
    const outcome = await runStackPolicy(monitoringAlarms, [{ type: AWS.dashboard, name: 'd', props: {} }]);
    expect(outcome.notApplicable).toBe(true);
  });

  test.each([
    ['no fan-out errors alarm', without(baseline(), 'fanout-errors'), 'Function "fanout" has no CloudWatch alarm on its Errors.'],
    ['the errors alarm on another function', changed(baseline(), 'fanout-errors', 'dimensions.FunctionName', 'other'), 'Function "fanout" has no CloudWatch alarm on its Errors.'],
    ['no fan-out throttles alarm', without(baseline(), 'fanout-throttles'), 'Function "fanout" has no CloudWatch alarm on its Throttles.'],
    ['no on-failure destination', without(baseline(), 'fanout-config'), 'Function "fanout" is invoked asynchronously by SNS but has no on-failure destination or dead-letter queue'],
    ['an invoke config without a destination', changed(baseline(), 'fanout-config', 'destinationConfig', undefined), 'has no on-failure destination or dead-letter queue'],
    ['no alarm on the failed-deliveries queue', without(baseline(), 'fanout-failures'), 'Queue "failures-queue" has no CloudWatch alarm on its depth'],
    ['the queue alarm on another metric', changed(baseline(), 'fanout-failures', 'metricName', 'NumberOfMessagesSent'), 'Queue "failures-queue" has no CloudWatch alarm on its depth'],
    ['no 5xx alarm', without(baseline(), 'http-5xx-rate'), 'Api "http" has no CloudWatch alarm on its 5xx answers.'],
    ['the 5xx alarm on another API', changed(baseline(), 'http-5xx-rate', 'metricQueries.0.metric.dimensions.ApiId', 'other'), 'Api "http" has no CloudWatch alarm on its 5xx answers.'],
    ['no status-check alarm', without(baseline(), 'neo4j-status'), 'Instance "neo4j" has no CloudWatch alarm on its status checks'],
    ['no data-volume alarm', without(baseline(), 'neo4j-disk'), "Instance \"neo4j\" has no CloudWatch alarm on its data volume's used space"],
    ['no dashboard', without(baseline(), 'dashboard'), 'The stack has no CloudWatch dashboard'],
  ])('%s: one violation', async (_case, specs, message) => {
    const { violations } = await runStackPolicy(monitoringAlarms, specs);
    expect(violations).toEqual([expect.stringContaining(message)]);
  });

  test('a dead-letter queue on the function counts as its on-failure destination', async () => {
    const specs = changed(without(baseline(), 'fanout-config'), 'fanout', 'deadLetterConfig', { targetArn: QUEUE_ARN });
    expect((await runStackPolicy(monitoringAlarms, specs)).violations).toEqual([]);
  });

  test('an instance without an attached volume needs no data-volume alarm', async () => {
    expect((await runStackPolicy(monitoringAlarms, without(without(baseline(), 'neo4j-disk'), 'neo4j-data'))).violations).toEqual([]);
  });

  test('during preview, names not known yet are matched through the dependencies of the alarm', async () => {
    const specs = baseline().map((spec) => {
      if (spec.name === 'fanout') return { ...spec, props: { name: UNKNOWN_STRING, arn: UNKNOWN_STRING } };
      if (spec.name === 'fanout-sub') return { ...spec, props: { protocol: 'lambda', endpoint: UNKNOWN_STRING }, propertyDependencies: { endpoint: ['fanout'] } };
      if (spec.name === 'fanout-config') return { ...spec, props: { functionName: UNKNOWN_STRING, destinationConfig: { onFailure: { destination: QUEUE_ARN } } }, propertyDependencies: { functionName: ['fanout'] } };
      if (spec.name === 'fanout-errors' || spec.name === 'fanout-throttles') {
        return { ...spec, props: { ...spec.props, dimensions: { FunctionName: UNKNOWN_STRING } }, propertyDependencies: { dimensions: ['fanout'] } };
      }
      return spec;
    });
    expect((await runStackPolicy(monitoringAlarms, specs)).violations).toEqual([]);
    // Without the alarm that depends on it, the function is still reported.
    const missing = specs.filter((spec) => spec.name !== 'fanout-throttles');
    expect((await runStackPolicy(monitoringAlarms, missing)).violations).toEqual([expect.stringContaining('has no CloudWatch alarm on its Throttles')]);
  });
});
