import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

/** The alarm setting every component with alarms takes. */
export interface AlarmNotificationArgs {
  /**
   * ARN of an SNS topic the component's CloudWatch alarms notify when they go into ALARM and when they are
   * back to OK.
   * @default - no notification: the alarms only change state (the console and `GroupChatDashboard` show it)
   */
  readonly alarmTopicArn?: pulumi.Input<string>;
}

/** What one alarm watches; `evaluationPeriods` of `periodSeconds` each. */
export interface AlarmSpec {
  description: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, pulumi.Input<string>>;
  statistic: 'Sum' | 'Maximum' | 'Average';
  threshold: pulumi.Input<number>;
  periodSeconds: number;
  evaluationPeriods: number;
  /** What a period without data counts as. */
  treatMissingData: 'notBreaching' | 'breaching' | 'missing';
}

/** Notifications of an alarm: the topic for ALARM and OK, when one is given. */
export function alarmActions(alarmTopicArn: pulumi.Input<string> | undefined): Pick<aws.cloudwatch.MetricAlarmArgs, 'alarmActions' | 'okActions'> {
  return alarmTopicArn === undefined ? {} : { alarmActions: [alarmTopicArn], okActions: [alarmTopicArn] };
}

/** An alarm when the metric's statistic reaches the threshold (`>=`). */
export function createAlarm(parent: pulumi.Resource, name: string, spec: AlarmSpec, alarmTopicArn: pulumi.Input<string> | undefined): aws.cloudwatch.MetricAlarm {
  return new aws.cloudwatch.MetricAlarm(name, {
    alarmDescription: spec.description,
    namespace: spec.namespace,
    metricName: spec.metricName,
    dimensions: spec.dimensions,
    statistic: spec.statistic,
    period: spec.periodSeconds,
    evaluationPeriods: spec.evaluationPeriods,
    threshold: spec.threshold,
    comparisonOperator: 'GreaterThanOrEqualToThreshold',
    treatMissingData: spec.treatMissingData,
    ...alarmActions(alarmTopicArn),
  }, { parent });
}

/** The alarms on a function's errors and throttles (any in 5 minutes). */
export function functionAlarms(
  parent: pulumi.Resource,
  name: string,
  functionName: pulumi.Input<string>,
  what: string,
  alarmTopicArn: pulumi.Input<string> | undefined,
): aws.cloudwatch.MetricAlarm[] {
  return (['Errors', 'Throttles'] as const).map((metricName) =>
    createAlarm(parent, `${name}-${metricName.toLowerCase()}`, {
      description: `${what}: ${metricName.toLowerCase()} in the last 5 minutes`,
      namespace: 'AWS/Lambda',
      metricName,
      dimensions: { FunctionName: functionName },
      statistic: 'Sum',
      threshold: 1,
      periodSeconds: 300,
      evaluationPeriods: 1,
      treatMissingData: 'notBreaching',
    }, alarmTopicArn),
  );
}
