import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

/** Throttling and access logs of an API Gateway v2 stage. */
export interface StageSettings {
  throttlingBurstLimit: pulumi.Input<number>;
  throttlingRateLimit: pulumi.Input<number>;
  logRetentionDays: pulumi.Input<number>;
}

/** One JSON line per request, with the fields both API kinds share. */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  integrationError: '$context.integrationErrorMessage',
  connectionId: '$context.connectionId',
  eventType: '$context.eventType',
});

/** Creates a stage with throttling and JSON access logs written to its own log group with retention. */
export function createStage(
  parent: pulumi.Resource,
  name: string,
  apiId: pulumi.Input<string>,
  stageName: pulumi.Input<string>,
  settings: StageSettings,
): { stage: aws.apigatewayv2.Stage; accessLogGroup: aws.cloudwatch.LogGroup } {
  const accessLogGroup = new aws.cloudwatch.LogGroup(`${name}-access-logs`, { retentionInDays: settings.logRetentionDays }, { parent });
  const stage = new aws.apigatewayv2.Stage(name, {
    apiId,
    name: stageName,
    autoDeploy: true,
    defaultRouteSettings: {
      throttlingBurstLimit: settings.throttlingBurstLimit,
      throttlingRateLimit: settings.throttlingRateLimit,
    },
    accessLogSettings: { destinationArn: accessLogGroup.arn, format: ACCESS_LOG_FORMAT },
  }, { parent });
  return { stage, accessLogGroup };
}

/** Lets API Gateway invoke a function for requests matching `sourceArn`. */
export function allowApiGatewayInvoke(
  parent: pulumi.Resource,
  name: string,
  fn: aws.lambda.Function,
  sourceArn: pulumi.Input<string>,
): aws.lambda.Permission {
  return new aws.lambda.Permission(name, {
    action: 'lambda:InvokeFunction',
    function: fn.name,
    principal: 'apigateway.amazonaws.com',
    sourceArn,
  }, { parent });
}
