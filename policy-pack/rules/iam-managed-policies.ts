import type { ResourceValidationPolicy } from '@pulumi/policy';
import { Props, asList, configWithDefaults, describe, forTypes } from './policy-helpers';
import { AWS } from './resource-types';

/** Configuration of {@link iamAwsManagedPoliciesAllowListed}. */
export interface ManagedPoliciesConfig {
  /** AWS managed policies that may be attached, by the part of the ARN after `policy/`. */
  allowedManagedPolicies: string[];
}

/**
 * The AWS managed policies the chat attaches, each granting only what one AWS service needs (their
 * `Resource: "*"` statements are the service's own requirement, like the allow-list of
 * `iam-no-wildcard-resources`):
 * - `AmazonSSMManagedInstanceCore`: the Neo4j instance's SSM agent (Session Manager instead of SSH);
 * - `service-role/AWSDataLifecycleManagerServiceRole`: Data Lifecycle Manager's daily EBS snapshots;
 * - `service-role/AmazonAPIGatewayPushToCloudWatchLogs`: the account role API Gateway writes WebSocket access logs with;
 * - `service-role/AWSLambdaBasicExecutionRole`, `service-role/AWSLambdaVPCAccessExecutionRole`: the usual Lambda
 *   logging and VPC roles, for stacks that attach them instead of the components' inline statements.
 */
export const MANAGED_POLICIES_DEFAULTS: ManagedPoliciesConfig = {
  allowedManagedPolicies: [
    'AmazonSSMManagedInstanceCore',
    'service-role/AWSDataLifecycleManagerServiceRole',
    'service-role/AmazonAPIGatewayPushToCloudWatchLogs',
    'service-role/AWSLambdaBasicExecutionRole',
    'service-role/AWSLambdaVPCAccessExecutionRole',
  ],
};

const AWS_MANAGED_POLICY = /^arn:aws[a-z-]*:iam::aws:policy\/(.+)$/;

function attachedPolicyArns(type: string, props: Props): unknown[] {
  return type === AWS.iamRole ? asList(props.managedPolicyArns) : [props.policyArn];
}

/**
 * Only allow-listed AWS managed policies are attached. Their documents are not in the stack, so the
 * wildcard rules cannot read them; `AdministratorAccess`, `*FullAccess` and the like would pass unseen.
 * Customer managed policies of the stack are checked by the wildcard rules on their `aws.iam.Policy`.
 */
export const iamAwsManagedPoliciesAllowListed: ResourceValidationPolicy = {
  name: 'iam-aws-managed-policies-allow-listed',
  description: 'Only allow-listed AWS managed policies (service roles the chat needs) are attached to roles, users or groups; AdministratorAccess, *FullAccess and other broad ones are not.',
  remediationSteps: 'Write an inline policy with the actions and resources needed instead of attaching a broad AWS managed policy.',
  configSchema: {
    properties: {
      allowedManagedPolicies: { type: 'array', items: { type: 'string' }, default: MANAGED_POLICIES_DEFAULTS.allowedManagedPolicies },
    },
  },
  validateResource: forTypes(
    [AWS.iamRolePolicyAttachment, AWS.iamPolicyAttachment, AWS.iamUserPolicyAttachment, AWS.iamGroupPolicyAttachment, AWS.iamRole],
    (props, args, reportViolation) => {
      const { allowedManagedPolicies } = configWithDefaults(args, MANAGED_POLICIES_DEFAULTS);
      for (const arn of attachedPolicyArns(args.type, props)) {
        const match = typeof arn === 'string' ? AWS_MANAGED_POLICY.exec(arn) : null;
        if (match !== null && !allowedManagedPolicies.includes(match[1])) {
          reportViolation(`${describe(args)} attaches the AWS managed policy ${match[1]}, which is not allow-listed.`);
        }
      }
    },
  ),
};
