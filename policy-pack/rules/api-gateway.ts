import type { ResourceValidationPolicy } from '@pulumi/policy';
import { describe, forTypes } from './policy-helpers';
import { AWS } from './resource-types';

function isPositive(value: unknown): boolean {
  return typeof value === 'number' && value > 0;
}

/** API Gateway v2 stages (HTTP and WebSocket) throttle their routes by default. */
export const apiGatewayStageThrottling: ResourceValidationPolicy = {
  name: 'apigateway-stage-throttling',
  description: 'API Gateway v2 stages set default route throttling (burst and rate limits above 0).',
  remediationSteps: 'Set defaultRouteSettings.throttlingBurstLimit and throttlingRateLimit.',
  validateResource: forTypes([AWS.apiGatewayV2Stage], (props, args, reportViolation) => {
    const settings = props.defaultRouteSettings;
    const missing = ['throttlingBurstLimit', 'throttlingRateLimit'].filter((key) => !isPositive(settings?.[key]));
    if (missing.length > 0) {
      reportViolation(`${describe(args)} has no throttling: set defaultRouteSettings.${missing.join(' and ')}.`);
    }
  }),
};

/** API Gateway v2 stages write access logs. */
export const apiGatewayStageAccessLogging: ResourceValidationPolicy = {
  name: 'apigateway-stage-access-logging',
  description: 'API Gateway v2 stages write access logs (accessLogSettings with a destination and a format).',
  remediationSteps: 'Set accessLogSettings: { destinationArn: <log group ARN>, format: <JSON format> }.',
  validateResource: forTypes([AWS.apiGatewayV2Stage], (props, args, reportViolation) => {
    const settings = props.accessLogSettings;
    const missing = ['destinationArn', 'format'].filter((key) => typeof settings?.[key] !== 'string' || settings[key] === '');
    if (missing.length > 0) {
      reportViolation(`${describe(args)} writes no access logs: set accessLogSettings.${missing.join(' and ')}.`);
    }
  }),
};
