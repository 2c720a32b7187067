import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { ArgumentChecks, NON_EMPTY } from './argument-checks';
import { DELIVERY_METRICS_NAMESPACE, NEO4J_DISK_METRICS_NAMESPACE } from './metric-names';
import { nameSuffix } from './naming';
import { NEO4J_DATA_DIR } from './neo4j-user-data';

/** Arguments of {@link GroupChatDashboard}: what the other components output. */
export interface GroupChatDashboardArgs {
  /** Id of the HTTP API, e.g. `GroupChatBackend.api.id`. */
  readonly httpApiId: pulumi.Input<string>;
  /** Name of the REST function, e.g. `GroupChatBackend.apiFunctionName`. */
  readonly apiFunctionName: pulumi.Input<string>;
  /** Name of the fan-out function, e.g. `RealtimeFanout.fanoutFunctionName`. */
  readonly fanoutFunctionName: pulumi.Input<string>;
  /** Name of the failed-deliveries queue, e.g. `RealtimeFanout.failedDeliveriesQueueName`. */
  readonly failedDeliveriesQueueName: pulumi.Input<string>;
  /**
   * Id of the Neo4j instance, e.g. `Neo4jInstance.instanceId`.
   * @default - no Neo4j widgets (a Neo4j run elsewhere)
   */
  readonly neo4jInstanceId?: pulumi.Input<string>;
  /**
   * ARNs of the alarms to show with their state, e.g. the `arn` of every component's `alarms`.
   * @default - no alarm widget
   */
  readonly alarmArns?: pulumi.Input<string>[];
}

/** The names and ids a dashboard body is made of, once known. */
export interface DashboardTargets {
  region: string;
  httpApiId: string;
  apiFunctionName: string;
  fanoutFunctionName: string;
  failedDeliveriesQueueName: string;
  neo4jInstanceId?: string;
  alarmArns: string[];
}

const WIDTH = 8;
const HEIGHT = 6;

/** The CloudWatch dashboard body: alarms, HTTP API, fan-out and its delivery metrics, Neo4j; three graphs a row. */
export function dashboardBody(t: DashboardTargets): string {
  const graph = (title: string, metrics: unknown[][], extra: object = {}) => ({
    type: 'metric',
    properties: { title, region: t.region, view: 'timeSeries', period: 300, metrics, ...extra },
  });
  const graphs = [
    graph('HTTP API requests and errors', [
      ['AWS/ApiGateway', 'Count', 'ApiId', t.httpApiId, { stat: 'Sum' }],
      ['AWS/ApiGateway', '4xx', 'ApiId', t.httpApiId, { stat: 'Sum' }],
      ['AWS/ApiGateway', '5xx', 'ApiId', t.httpApiId, { stat: 'Sum' }],
    ]),
    graph('HTTP API latency (p99, ms)', [['AWS/ApiGateway', 'Latency', 'ApiId', t.httpApiId, { stat: 'p99' }]]),
    graph('Functions: errors and throttles', [
      ['AWS/Lambda', 'Errors', 'FunctionName', t.apiFunctionName, { stat: 'Sum', label: 'api errors' }],
      ['AWS/Lambda', 'Errors', 'FunctionName', t.fanoutFunctionName, { stat: 'Sum', label: 'fan-out errors' }],
      ['AWS/Lambda', 'Throttles', 'FunctionName', t.fanoutFunctionName, { stat: 'Sum', label: 'fan-out throttles' }],
    ]),
    graph('Commit to post (ms)', [
      [DELIVERY_METRICS_NAMESPACE, 'CommitToPostLatency', 'FunctionName', t.fanoutFunctionName, { stat: 'p50' }],
      [DELIVERY_METRICS_NAMESPACE, 'CommitToPostLatency', 'FunctionName', t.fanoutFunctionName, { stat: 'p99' }],
    ]),
    graph('Deliveries', [
      [DELIVERY_METRICS_NAMESPACE, 'DeliveredPosts', 'FunctionName', t.fanoutFunctionName, { stat: 'Sum' }],
      [DELIVERY_METRICS_NAMESPACE, 'GoneConnections', 'FunctionName', t.fanoutFunctionName, { stat: 'Sum', label: '410 gone' }],
      [DELIVERY_METRICS_NAMESPACE, 'FailedPosts', 'FunctionName', t.fanoutFunctionName, { stat: 'Sum' }],
      [DELIVERY_METRICS_NAMESPACE, 'BatchSize', 'FunctionName', t.fanoutFunctionName, { stat: 'Maximum', label: 'largest batch' }],
    ]),
    graph('Failed deliveries waiting', [['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', t.failedDeliveriesQueueName, { stat: 'Maximum' }]]),
  ];
  if (t.neo4jInstanceId !== undefined) {
    graphs.push(
      graph('Neo4j status checks failed', [['AWS/EC2', 'StatusCheckFailed', 'InstanceId', t.neo4jInstanceId, { stat: 'Maximum' }]]),
      graph('Neo4j data volume used (%)', [[NEO4J_DISK_METRICS_NAMESPACE, 'disk_used_percent', 'InstanceId', t.neo4jInstanceId, 'path', NEO4J_DATA_DIR, { stat: 'Maximum' }]]),
      graph('Neo4j CPU (%)', [['AWS/EC2', 'CPUUtilization', 'InstanceId', t.neo4jInstanceId, { stat: 'Average' }]]),
    );
  }
  const widgets: object[] = [];
  let y = 0;
  if (t.alarmArns.length > 0) {
    widgets.push({ type: 'alarm', x: 0, y, width: 3 * WIDTH, height: 3, properties: { title: 'Alarms', alarms: t.alarmArns } });
    y += 3;
  }
  graphs.forEach((widget, index) => widgets.push({ ...widget, x: (index % 3) * WIDTH, y: y + Math.floor(index / 3) * HEIGHT, width: WIDTH, height: HEIGHT }));
  return JSON.stringify({ widgets });
}

/**
 * One CloudWatch dashboard for a deployment: the alarms' states, the HTTP API's traffic, errors and latency,
 * the functions' errors and throttles, the fan-out's delivery metrics (commit-to-post latency, 410s, batch
 * sizes) and failed deliveries, and the Neo4j instance's status checks, data volume and CPU.
 */
export class GroupChatDashboard extends pulumi.ComponentResource {
  /** The dashboard. */
  public readonly dashboard: aws.cloudwatch.Dashboard;
  /** Name of the dashboard, `<name>-<random suffix>`. */
  public readonly dashboardName: pulumi.Output<string>;

  constructor(name: string, args: GroupChatDashboardArgs, opts?: pulumi.ComponentResourceOptions) {
    const checks = new ArgumentChecks('GroupChatDashboard', name);
    const given = args ?? ({} as GroupChatDashboardArgs);
    const named = (key: 'httpApiId' | 'apiFunctionName' | 'fanoutFunctionName' | 'failedDeliveriesQueueName', what: string) =>
      checks.check(key, checks.required(key, given[key], `e.g. ${what}`), NON_EMPTY);
    args = {
      ...given,
      httpApiId: named('httpApiId', 'GroupChatBackend.api.id'),
      apiFunctionName: named('apiFunctionName', 'GroupChatBackend.apiFunctionName'),
      fanoutFunctionName: named('fanoutFunctionName', 'RealtimeFanout.fanoutFunctionName'),
      failedDeliveriesQueueName: named('failedDeliveriesQueueName', 'RealtimeFanout.failedDeliveriesQueueName'),
    };
    super('groupchat:index:GroupChatDashboard', name, {}, opts);
    const region = aws.getRegionOutput({}, { parent: this }).region;
    const body = pulumi
      .all([region, args.httpApiId, args.apiFunctionName, args.fanoutFunctionName, args.failedDeliveriesQueueName, args.neo4jInstanceId, pulumi.all(args.alarmArns ?? [])])
      .apply(([regionName, httpApiId, apiFunctionName, fanoutFunctionName, failedDeliveriesQueueName, neo4jInstanceId, alarmArns]) =>
        dashboardBody({ region: regionName, httpApiId, apiFunctionName, fanoutFunctionName, failedDeliveriesQueueName, neo4jInstanceId, alarmArns }));
    this.dashboard = new aws.cloudwatch.Dashboard(name, {
      dashboardName: pulumi.interpolate`${name}-${nameSuffix(this, name)}`,
      dashboardBody: body,
    }, { parent: this });
    this.dashboardName = this.dashboard.dashboardName;
    this.registerOutputs({ dashboardName: this.dashboardName });
  }
}
