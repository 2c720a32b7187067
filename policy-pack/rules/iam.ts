import type { ResourceValidationPolicy } from '@pulumi/policy';
import { configWithDefaults, forTypes } from './policy-helpers';
import { POLICY_DOCUMENT_TYPES, forEachAllowStatement, isWildcardAction } from './iam-documents';

/** Configuration of {@link iamNoWildcardResources}. */
export interface WildcardResourceConfig {
  /** Actions that may be allowed on `Resource: "*"` (case-insensitive, exact names). */
  allowedWildcardResourceActions: string[];
}

/**
 * The actions AWS lets a policy grant only on `Resource: "*"` and that the chat needs: what a Lambda
 * function attached to a VPC (the `api`, `migrate`, `ws-connect` and `ws-default` functions, which reach
 * Neo4j) uses to manage its network interfaces. They are the actions of AWS's own
 * `AWSLambdaVPCAccessExecutionRole` managed policy, which grants them on `*`:
 * - `ec2:DescribeNetworkInterfaces`, `ec2:DescribeSubnets`: EC2 `Describe*` actions support no resource-level
 *   permissions at all;
 * - `ec2:CreateNetworkInterface`, `ec2:DeleteNetworkInterface`, `ec2:AssignPrivateIpAddresses`,
 *   `ec2:UnassignPrivateIpAddresses`: the Lambda service calls them on network interfaces it creates on
 *   the function's behalf, whose ids are not known when the policy is written.
 * - `cloudwatch:PutMetricData`: CloudWatch has no resource-level permissions for it; the Neo4j instance's
 *   CloudWatch agent writes the data volume's disk metrics with it (the components narrow it to one namespace
 *   with a `cloudwatch:namespace` condition).
 * Nothing else: tracing (`xray:PutTraceSegments`, `xray:PutTelemetryRecords`, which also need `*`) is not
 * turned on by the components; a stack that turns it on adds them through this policy's config.
 */
export const WILDCARD_RESOURCE_DEFAULTS: WildcardResourceConfig = {
  allowedWildcardResourceActions: [
    'ec2:CreateNetworkInterface',
    'ec2:DescribeNetworkInterfaces',
    'ec2:DescribeSubnets',
    'ec2:DeleteNetworkInterface',
    'ec2:AssignPrivateIpAddresses',
    'ec2:UnassignPrivateIpAddresses',
    'cloudwatch:PutMetricData',
  ],
};

/** IAM policies allow no `*` or `service:*` action, and no `NotAction`. */
export const iamNoWildcardActions: ResourceValidationPolicy = {
  name: 'iam-no-wildcard-actions',
  description: "IAM policies (Policy, RolePolicy, UserPolicy, GroupPolicy, Role inlinePolicies) allow no '*' or 'service:*' action and use no Allow with NotAction.",
  remediationSteps: 'List the actions the code calls, e.g. dynamodb:GetItem and dynamodb:PutItem instead of dynamodb:*.',
  validateResource: forTypes(POLICY_DOCUMENT_TYPES, (props, args, reportViolation) => {
    forEachAllowStatement(args, props, reportViolation, (statement, label) => {
      const wildcards = statement.actions.filter(isWildcardAction);
      if (wildcards.length > 0) {
        reportViolation(`${label} allows wildcard action(s) ${wildcards.join(', ')}.`);
      }
      if (statement.notActions.length > 0) {
        reportViolation(`${label} allows every action but ${statement.notActions.join(', ')} (NotAction).`);
      }
    });
  }),
};

/** IAM policies allow actions on `Resource: "*"` only for the allow-listed actions, and use no `NotResource`. */
export const iamNoWildcardResources: ResourceValidationPolicy = {
  name: 'iam-no-wildcard-resources',
  description: "IAM policies allow actions on Resource '*' only for allow-listed actions that AWS grants on '*' only (VPC network interfaces of Lambda), and use no Allow with NotResource.",
  remediationSteps: 'Name the resources (table, topic, secret, log group ARNs); put an action AWS allows only on "*" in its own statement.',
  configSchema: {
    properties: {
      allowedWildcardResourceActions: {
        type: 'array',
        items: { type: 'string' },
        default: WILDCARD_RESOURCE_DEFAULTS.allowedWildcardResourceActions,
      },
    },
  },
  validateResource: forTypes(POLICY_DOCUMENT_TYPES, (props, args, reportViolation) => {
    const config = configWithDefaults(args, WILDCARD_RESOURCE_DEFAULTS);
    const allowed = new Set(config.allowedWildcardResourceActions.map((action) => action.toLowerCase()));
    forEachAllowStatement(args, props, reportViolation, (statement, label) => {
      if (statement.resources.some((resource) => resource.trim() === '*')) {
        const notAllowed = [...statement.actions, ...statement.notActions.map((action) => `NotAction ${action}`)]
          .filter((action) => !allowed.has(action.toLowerCase()));
        if (notAllowed.length > 0) {
          reportViolation(`${label} allows ${notAllowed.join(', ')} on Resource "*".`);
        }
      }
      if (statement.notResources.length > 0) {
        reportViolation(`${label} allows every resource but ${statement.notResources.join(', ')} (NotResource).`);
      }
    });
  }),
};
