import { iamNoWildcardActions, iamNoWildcardResources, WILDCARD_RESOURCE_DEFAULTS } from '../../policy-pack/rules/iam';
import { isWildcardAction, parsePolicyDocument } from '../../policy-pack/rules/iam-documents';
import { AWS } from '../../policy-pack/rules/resource-types';
import { Props, runResourcePolicy } from './policy-harness';

const TABLE_ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/connections';
/** What the components write: own logs, VPC network interfaces on "*", then named resources. */
const STATEMENTS: Props[] = [
  { Sid: 'WriteOwnLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:*' },
  { Sid: 'VpcNetworkInterfaces', Effect: 'Allow', Action: WILDCARD_RESOURCE_DEFAULTS.allowedWildcardResourceActions, Resource: '*' },
  { Sid: 'ConnectionsTableItems', Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: TABLE_ARN },
];
const documentWith = (statement: Props, asObject = false) => {
  const document = { Version: '2012-10-17', Statement: [...STATEMENTS, statement] };
  return asObject ? document : JSON.stringify(document);
};
const RESOURCE_TYPES: [string, (document: unknown) => Props][] = [
  [AWS.iamRolePolicy, (policy) => ({ role: 'role-id', policy })],
  [AWS.iamPolicy, (policy) => ({ policy })],
  [AWS.iamUserPolicy, (policy) => ({ user: 'u', policy })],
  [AWS.iamGroupPolicy, (policy) => ({ group: 'g', policy })],
  [AWS.iamRole, (policy) => ({ assumeRolePolicy: '{}', inlinePolicies: [{ name: 'inline', policy }] })],
];
const BASELINE = { Sid: 'PublishEvents', Effect: 'Allow', Action: 'sns:Publish', Resource: 'arn:aws:sns:us-east-1:123456789012:events' };

describe.each(RESOURCE_TYPES)('IAM rules on %s', (type, propsFor) => {
  test.each([false, true])('the components\' statements pass both rules (document as object: %s)', async (asObject) => {
    const props = propsFor(documentWith(BASELINE, asObject));
    expect((await runResourcePolicy(iamNoWildcardActions, type, props)).violations).toEqual([]);
    expect((await runResourcePolicy(iamNoWildcardResources, type, props)).violations).toEqual([]);
  });

  test.each([
    ['Action "*"', { Action: '*' }],
    ['Action "sns:*"', { Action: ['sns:*'] }],
    ['Action "*:Publish"', { Action: '*:Publish' }],
    ['NotAction', { Action: undefined, NotAction: 'iam:*' }],
  ])('%s trips the action rule only', async (_, change) => {
    const props = propsFor(documentWith({ ...BASELINE, ...change }));
    expect((await runResourcePolicy(iamNoWildcardActions, type, props)).violations).toHaveLength(1);
    expect((await runResourcePolicy(iamNoWildcardResources, type, props)).violations).toEqual([]);
  });

  test.each([
    ['Resource "*"', { Resource: '*' }],
    ['Resource "*" in a list', { Resource: ['arn:aws:sns:us-east-1:123456789012:events', '*'] }],
    ['NotResource', { Resource: undefined, NotResource: TABLE_ARN }],
    ['an allow-listed action next to another on "*"', { Action: ['ec2:DescribeSubnets', 's3:GetObject'], Resource: '*' }],
  ])('%s trips the resource rule only', async (_, change) => {
    const props = propsFor(documentWith({ ...BASELINE, ...change }));
    expect((await runResourcePolicy(iamNoWildcardResources, type, props)).violations).toHaveLength(1);
    expect((await runResourcePolicy(iamNoWildcardActions, type, props)).violations).toEqual([]);
  });

  test('Action "*" on Resource "*" trips both; a Deny with wildcards trips neither', async () => {
    const admin = propsFor(documentWith({ Effect: 'Allow', Action: '*', Resource: '*' }));
    expect((await runResourcePolicy(iamNoWildcardActions, type, admin)).violations).toHaveLength(1);
    expect((await runResourcePolicy(iamNoWildcardResources, type, admin)).violations).toHaveLength(1);
    const deny = propsFor(documentWith({ Effect: 'Deny', Action: '*', Resource: '*' }));
    expect((await runResourcePolicy(iamNoWildcardActions, type, deny)).violations).toEqual([]);
    expect((await runResourcePolicy(iamNoWildcardResources, type, deny)).violations).toEqual([]);
  });

  test('a document that is not JSON trips both', async () => {
    const props = propsFor('{not json');
    expect((await runResourcePolicy(iamNoWildcardActions, type, props)).violations).toEqual([expect.stringContaining('is not valid JSON')]);
    expect((await runResourcePolicy(iamNoWildcardResources, type, props)).violations).toHaveLength(1);
  });
});

describe('iam-no-wildcard-resources config', () => {
  const xray = { Sid: 'Tracing', Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' };

  test('actions outside the default allow-list trip it until the config lists them', async () => {
    const props = { role: 'r', policy: documentWith(xray) };
    expect((await runResourcePolicy(iamNoWildcardResources, AWS.iamRolePolicy, props)).violations).toHaveLength(1);
    const config = { allowedWildcardResourceActions: [...WILDCARD_RESOURCE_DEFAULTS.allowedWildcardResourceActions, 'xray:PutTraceSegments', 'xray:PutTelemetryRecords'] };
    expect((await runResourcePolicy(iamNoWildcardResources, AWS.iamRolePolicy, props, config)).violations).toEqual([]);
  });

  test('the allow-list is matched without regard to case, as IAM does', async () => {
    const props = { role: 'r', policy: documentWith({ Effect: 'Allow', Action: 'EC2:describesubnets', Resource: '*' }) };
    expect((await runResourcePolicy(iamNoWildcardResources, AWS.iamRolePolicy, props)).violations).toEqual([]);
  });

  test('a role\'s trust policy is not a permission policy', async () => {
    const trust = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    expect((await runResourcePolicy(iamNoWildcardResources, AWS.iamRole, { assumeRolePolicy: trust })).violations).toEqual([]);
  });
});

describe('policy documents', () => {
  test('a single statement object and single strings are read as lists', () => {
    expect(parsePolicyDocument({ Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' } }).statements).toEqual([
      { sid: undefined, effect: 'Allow', actions: ['s3:GetObject'], notActions: [], resources: ['arn:aws:s3:::b/*'], notResources: [] },
    ]);
  });

  test.each([['*', true], ['s3:*', true], ['*:GetObject', true], ['s3:Get*', false], ['s3:GetObject', false]])('isWildcardAction(%s) is %s', (action, expected) => {
    expect(isWildcardAction(action)).toBe(expected);
  });
});
