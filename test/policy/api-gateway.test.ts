import { apiGatewayStageAccessLogging, apiGatewayStageThrottling } from '../../policy-pack/rules/api-gateway';
import { AWS } from '../../policy-pack/rules/resource-types';
import { Props, runResourcePolicy, withChange } from './policy-harness';

const STAGE: Props = {
  apiId: 'api-1',
  name: '$default',
  autoDeploy: true,
  defaultRouteSettings: { throttlingBurstLimit: 200, throttlingRateLimit: 100 },
  accessLogSettings: { destinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:access', format: '{"requestId":"$context.requestId"}' },
};

describe('apigateway-stage-throttling and apigateway-stage-access-logging', () => {
  test('a stage with throttling and access logs passes both', async () => {
    expect((await runResourcePolicy(apiGatewayStageThrottling, AWS.apiGatewayV2Stage, STAGE)).violations).toEqual([]);
    expect((await runResourcePolicy(apiGatewayStageAccessLogging, AWS.apiGatewayV2Stage, STAGE)).violations).toEqual([]);
  });

  test.each([
    ['burst limit unset', 'defaultRouteSettings.throttlingBurstLimit', undefined],
    ['rate limit unset', 'defaultRouteSettings.throttlingRateLimit', undefined],
    ['rate limit 0', 'defaultRouteSettings.throttlingRateLimit', 0],
    ['no defaultRouteSettings', 'defaultRouteSettings', undefined],
  ])('%s trips only the throttling rule', async (_, path, value) => {
    const props = withChange(STAGE, path, value);
    expect((await runResourcePolicy(apiGatewayStageThrottling, AWS.apiGatewayV2Stage, props)).violations).toHaveLength(1);
    expect((await runResourcePolicy(apiGatewayStageAccessLogging, AWS.apiGatewayV2Stage, props)).violations).toEqual([]);
  });

  test.each([
    ['no destination', 'accessLogSettings.destinationArn', undefined],
    ['no format', 'accessLogSettings.format', undefined],
    ['no accessLogSettings', 'accessLogSettings', undefined],
  ])('%s trips only the access logging rule', async (_, path, value) => {
    const props = withChange(STAGE, path, value);
    expect((await runResourcePolicy(apiGatewayStageAccessLogging, AWS.apiGatewayV2Stage, props)).violations).toHaveLength(1);
    expect((await runResourcePolicy(apiGatewayStageThrottling, AWS.apiGatewayV2Stage, props)).violations).toEqual([]);
  });
});
