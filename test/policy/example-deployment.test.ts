import { groupChatPolicies } from '../../policy-pack/rules';
import { AWS } from '../../policy-pack/rules/resource-types';
import { runExampleStack } from './example-stack';
import { Props, StackResourceSpec, runWholePack } from './policy-harness';

/** The one resource of this type and name; the careless edits below must each hit something real. */
function find(specs: StackResourceSpec[], type: string, name: string): StackResourceSpec {
  const found = specs.filter((spec) => spec.type === type && spec.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
  return found[0];
}

/** Applies one careless edit to a resource, the same in what resource policies and stack policies see. */
function edit(spec: StackResourceSpec, change: (props: Props) => void): void {
  change(spec.props);
  if (spec.inputs && spec.inputs !== spec.props) change(spec.inputs);
}

/**
 * The example with the three careless changes of the issue, each the one-line edit a person would make:
 * the Neo4j security group admits Bolt from anywhere, the REST function's role policy gets an admin
 * statement, and the connections table loses its encryption setting.
 */
function careless(specs: StackResourceSpec[]): StackResourceSpec[] {
  // JSON copies, not structuredClone: under jest that makes objects of another realm, which the SDK's proxy does not wrap.
  const clone = (props: Props): Props => JSON.parse(JSON.stringify(props));
  const copy = specs.map((spec) => ({ ...spec, props: clone(spec.props), inputs: spec.inputs && clone(spec.inputs) }));
  edit(find(copy, AWS.securityGroup, 'groupchat-neo4j'), (props) => {
    props.ingress = [...props.ingress, { description: 'debugging from home', protocol: 'tcp', fromPort: 7687, toPort: 7687, cidrBlocks: ['0.0.0.0/0'] }];
  });
  edit(find(copy, AWS.iamRolePolicy, 'groupchat-backend-api'), (props) => {
    const document = JSON.parse(props.policy);
    document.Statement.push({ Sid: 'JustMakeItWork', Effect: 'Allow', Action: '*', Resource: '*' });
    props.policy = JSON.stringify(document);
  });
  edit(find(copy, AWS.dynamodbTable, 'groupchat-realtime-connections'), (props) => {
    delete props.serverSideEncryption;
  });
  return copy;
}

describe('the policy pack on the full example deployment (under mocks)', () => {
  let example: StackResourceSpec[];
  beforeAll(async () => {
    example = await runExampleStack();
  });

  test('every resource the example creates passes every rule, and every rule applies to something', async () => {
    const outcome = await runWholePack(example);
    expect(outcome.violations).toEqual({});
    expect(outcome.applied.sort()).toEqual(groupChatPolicies.map((policy) => policy.name).sort());
  });

  test('without the EC2 database (Neo4j on Aura or a cluster: no Neo4jInstance, no Bolt security group), the pack still passes', async () => {
    const database = example.filter((spec) => spec.type === 'groupchat:index:Neo4jInstance' || spec.name.startsWith('groupchat-neo4j'));
    expect(database.map((spec) => spec.type)).toEqual(expect.arrayContaining([AWS.securityGroup, 'aws:ec2/instance:Instance']));
    const outcome = await runWholePack(example.filter((spec) => !database.includes(spec)));
    expect(outcome.violations).toEqual({});
  });

  test('the careless variant (Bolt open to the world, an IAM "*", an unencrypted table) trips exactly the rules it should', async () => {
    const { violations } = await runWholePack(careless(example));
    expect(violations).toEqual({
      'database-no-public-ingress': [expect.stringContaining('SecurityGroup "groupchat-neo4j" admits 0.0.0.0/0 on database port(s) 7687')],
      'iam-no-wildcard-actions': [expect.stringContaining('RolePolicy "groupchat-backend-api": policy statement "JustMakeItWork" allows wildcard action(s) *')],
      'iam-no-wildcard-resources': [expect.stringContaining('RolePolicy "groupchat-backend-api": policy statement "JustMakeItWork" allows * on Resource "*"')],
      'dynamodb-table-encrypted': [expect.stringContaining('Table "groupchat-realtime-connections"')],
    });
  });

  test('the example\'s own switch deletionProtection: false trips only the Cognito deletion protection rule', async () => {
    const { violations } = await runWholePack(await runExampleStack({ deletionProtection: false }));
    expect(Object.keys(violations)).toEqual(['cognito-user-pool-deletion-protection']);
    expect(violations['cognito-user-pool-deletion-protection']).toHaveLength(1);
  });

  test('turning a rule\'s parameter up through the config trips it on the example (the config reaches the rule)', async () => {
    const { violations } = await runWholePack(example, { 'cognito-user-pool-password-policy': { minimumPasswordLength: 20 } });
    expect(Object.keys(violations)).toEqual(['cognito-user-pool-password-policy']);
  });
});
