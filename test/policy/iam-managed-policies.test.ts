import { MANAGED_POLICIES_DEFAULTS, iamAwsManagedPoliciesAllowListed } from '../../policy-pack/rules/iam-managed-policies';
import { AWS } from '../../policy-pack/rules/resource-types';
import { runResourcePolicy } from './policy-harness';

const SSM_CORE = 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore';
const ATTACHMENTS: [string, (arn: string) => object][] = [
  [AWS.iamRolePolicyAttachment, (policyArn) => ({ role: 'r', policyArn })],
  [AWS.iamPolicyAttachment, (policyArn) => ({ roles: ['r'], policyArn })],
  [AWS.iamUserPolicyAttachment, (policyArn) => ({ user: 'u', policyArn })],
  [AWS.iamGroupPolicyAttachment, (policyArn) => ({ group: 'g', policyArn })],
  [AWS.iamRole, (arn) => ({ assumeRolePolicy: '{}', managedPolicyArns: [arn] })],
];

describe.each(ATTACHMENTS)('iam-aws-managed-policies-allow-listed on %s', (type, propsFor) => {
  test.each([
    ['an allow-listed AWS managed policy', SSM_CORE],
    ['an allow-listed service role policy', 'arn:aws:iam::aws:policy/service-role/AWSDataLifecycleManagerServiceRole'],
    ['a customer managed policy (checked on its own Policy resource)', 'arn:aws:iam::123456789012:policy/chat-readonly'],
  ])('%s passes', async (_, arn) => {
    expect((await runResourcePolicy(iamAwsManagedPoliciesAllowListed, type, propsFor(arn))).violations).toEqual([]);
  });

  test.each([
    'arn:aws:iam::aws:policy/AdministratorAccess',
    'arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess',
    'arn:aws-us-gov:iam::aws:policy/PowerUserAccess',
  ])('%s trips it', async (arn) => {
    expect((await runResourcePolicy(iamAwsManagedPoliciesAllowListed, type, propsFor(arn))).violations).toHaveLength(1);
  });
});

test('the allow-list comes from the config', async () => {
  const props = { role: 'r', policyArn: 'arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess' };
  expect((await runResourcePolicy(iamAwsManagedPoliciesAllowListed, AWS.iamRolePolicyAttachment, props)).violations).toHaveLength(1);
  const config = { allowedManagedPolicies: [...MANAGED_POLICIES_DEFAULTS.allowedManagedPolicies, 'AWSXRayDaemonWriteAccess'] };
  expect((await runResourcePolicy(iamAwsManagedPoliciesAllowListed, AWS.iamRolePolicyAttachment, props, config)).violations).toEqual([]);
});

test('a role without managed policies passes', async () => {
  expect((await runResourcePolicy(iamAwsManagedPoliciesAllowListed, AWS.iamRole, { assumeRolePolicy: '{}' })).violations).toEqual([]);
});
