import type { PolicyResource, StackValidationPolicy } from '@pulumi/policy';
import { UNKNOWN, readKnown } from './known-values';
import { Props, describe } from './policy-helpers';
import { AWS } from './resource-types';

/** A metric an alarm reads: its own, or one of its metric-math queries. */
interface WatchedMetric {
  namespace: unknown;
  metricName: unknown;
  dimensions: Props;
}

function watchedMetrics(alarm: PolicyResource): WatchedMetric[] {
  const own = readKnown(() => ({ namespace: alarm.props.namespace, metricName: alarm.props.metricName, dimensions: alarm.props.dimensions ?? {} }));
  const queries = readKnown(() => (alarm.props.metricQueries ?? []) as Props[]);
  const fromQueries = queries === UNKNOWN ? [] : queries.flatMap((query) => {
    const metric = readKnown(() => query.metric as Props | undefined);
    return metric === UNKNOWN || metric === undefined ? [] : [{ namespace: metric.namespace, metricName: metric.metricName, dimensions: metric.dimensions ?? {} }];
  });
  return [...(own === UNKNOWN ? [] : [own]), ...fromQueries];
}

/** What an alarm must watch about one resource: a metric whose dimension holds the resource's `key` (name or id). */
interface Watch {
  namespace?: string;
  metricName: string;
  dimension: string;
  key: 'name' | 'id';
  what: string;
}

/**
 * Whether some alarm watches the metric for this resource: the dimension holds the resource's name or id, or
 * (during preview, when that value is not known yet) the alarm's metric depends on the resource.
 */
function isWatched(alarms: PolicyResource[], subject: PolicyResource, watch: Watch): boolean {
  const identifier = readKnown(() => subject.props[watch.key]);
  return alarms.some((alarm) => watchedMetrics(alarm).some((metric) => {
    if (metric.metricName !== watch.metricName || (watch.namespace !== undefined && metric.namespace !== watch.namespace)) return false;
    const value = readKnown(() => metric.dimensions[watch.dimension]);
    if (value !== UNKNOWN && identifier !== UNKNOWN) return value === identifier;
    const dependencies = [...(alarm.propertyDependencies.dimensions ?? []), ...(alarm.propertyDependencies.metricQueries ?? [])];
    return dependencies.includes(subject) || value === UNKNOWN;
  }));
}

/** Whether `target` is the resource a property (an ARN or a name) of `from` names, by value or by dependency. */
function refersTo(from: PolicyResource, property: string, value: unknown, target: PolicyResource, targetKey: string): boolean {
  if ((from.propertyDependencies[property] ?? []).includes(target)) return true;
  const known = readKnown(() => target.props[targetKey]);
  return value !== UNKNOWN && known !== UNKNOWN && value !== undefined && value === known;
}

const FUNCTION_ALARMS: Watch[] = [
  { namespace: 'AWS/Lambda', metricName: 'Errors', dimension: 'FunctionName', key: 'name', what: 'its Errors' },
  { namespace: 'AWS/Lambda', metricName: 'Throttles', dimension: 'FunctionName', key: 'name', what: 'its Throttles' },
];
const QUEUE_DEPTH: Watch = { namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', dimension: 'QueueName', key: 'name', what: 'its depth (ApproximateNumberOfMessagesVisible)' };
const HTTP_5XX: Watch = { namespace: 'AWS/ApiGateway', metricName: '5xx', dimension: 'ApiId', key: 'id', what: 'its 5xx answers' };
const STATUS_CHECKS: Watch = { namespace: 'AWS/EC2', metricName: 'StatusCheckFailed', dimension: 'InstanceId', key: 'id', what: 'its status checks (StatusCheckFailed)' };
const DISK_USED: Watch = { metricName: 'disk_used_percent', dimension: 'InstanceId', key: 'id', what: "its data volume's used space (disk_used_percent, from the CloudWatch agent)" };

/**
 * A stack of the chat's components has its alarms and a dashboard: the fan-out (every function an SNS topic
 * invokes) has alarms on errors and throttles and an on-failure destination or dead-letter queue, whose depth
 * has an alarm when it is a queue of the stack; every HTTP API has an alarm on its 5xx answers; every EC2
 * instance has one on its status checks and, when a volume is attached to it, one on that volume's used space;
 * and the stack has a CloudWatch dashboard.
 */
export const monitoringAlarms: StackValidationPolicy = {
  name: 'monitoring-alarms',
  description: 'The fan-out functions (invoked by SNS) have Errors and Throttles alarms and an on-failure destination whose queue depth has an alarm; HTTP APIs have a 5xx alarm; EC2 instances have status-check and data-volume alarms; the stack has a CloudWatch dashboard.',
  remediationSteps: 'Use the components (they create these alarms), or add aws.cloudwatch.MetricAlarm resources on those metrics, and a GroupChatDashboard.',
  validateStack: (args, reportViolation) => {
    const of = (type: string) => args.resources.filter((r) => r.type === type);
    const alarms = of(AWS.metricAlarm);
    const subscriptions = of(AWS.snsTopicSubscription).filter((s) => readKnown(() => s.props.protocol) === 'lambda');
    const fanouts = of(AWS.lambdaFunction).filter((fn) => subscriptions.some((s) => refersTo(s, 'endpoint', readKnown(() => s.props.endpoint), fn, 'arn')));
    const httpApis = of(AWS.apiGatewayV2Api).filter((api) => readKnown(() => api.props.protocolType) === 'HTTP');
    const instances = of(AWS.instance);
    if (fanouts.length + httpApis.length + instances.length === 0) {
      args.notApplicable('Policy only applies to stacks with a Lambda function subscribed to SNS, an HTTP API or an EC2 instance');
    }
    const require = (subject: PolicyResource, watch: Watch) => {
      if (!isWatched(alarms, subject, watch)) reportViolation(`${describe(subject)} has no CloudWatch alarm on ${watch.what}.`, subject.urn);
    };

    const queues = of(AWS.sqsQueue);
    for (const fn of fanouts) {
      FUNCTION_ALARMS.forEach((watch) => require(fn, watch));
      const configs = of(AWS.lambdaEventInvokeConfig).filter((c) => refersTo(c, 'functionName', readKnown(() => c.props.functionName), fn, 'name'));
      const destinations = configs.map((c) => ({ from: c, property: 'destinationConfig', arn: readKnown(() => c.props.destinationConfig?.onFailure?.destination) }));
      const deadLetter = readKnown(() => fn.props.deadLetterConfig?.targetArn);
      if (deadLetter !== undefined) destinations.push({ from: fn, property: 'deadLetterConfig', arn: deadLetter });
      const set = destinations.filter((d) => d.arn !== undefined && d.arn !== '');
      if (set.length === 0) {
        reportViolation(`${describe(fn)} is invoked asynchronously by SNS but has no on-failure destination or dead-letter queue: failed deliveries would be lost unseen.`, fn.urn);
        continue;
      }
      for (const queue of queues.filter((q) => set.some((d) => refersTo(d.from, d.property, d.arn, q, 'arn')))) require(queue, QUEUE_DEPTH);
    }
    httpApis.forEach((api) => require(api, HTTP_5XX));
    for (const instance of instances) {
      require(instance, STATUS_CHECKS);
      const attached = of(AWS.volumeAttachment).some((a) => refersTo(a, 'instanceId', readKnown(() => a.props.instanceId), instance, 'id'));
      if (attached) require(instance, DISK_USED);
    }
    if (of(AWS.dashboard).length === 0) {
      reportViolation('The stack has no CloudWatch dashboard (aws.cloudwatch.Dashboard, e.g. GroupChatDashboard).');
    }
  },
};
