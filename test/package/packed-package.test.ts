import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  MockedRun,
  PackedLibrary,
  REPO_ROOT,
  copyProject,
  installPackedLibrary,
  languageHostLaunch,
  outsideRepository,
  packLibrary,
  runProgramUnderMocks,
} from '../support/packed-project';

/**
 * The library as users get it: `npm pack` once, then projects outside the repository that install the
 * tarball. The examples run as `pulumi up` starts them (the language host's program resolution).
 */
let scratch: string;
let library: PackedLibrary;

beforeAll(() => {
  scratch = outsideRepository('groupchat-packed-');
  library = packLibrary(scratch);
}, 120_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A new folder inside `parent`. */
const within = (parent: string) => mkdtempSync(path.join(parent, 'project-'));

const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');
const EXAMPLE_CONFIG = { cognitoDomainPrefix: 'groupchat-test', googleClientId: 'test-client.apps.googleusercontent.com', googleClientSecret: 'GOCSPX-test' };

const countByType = (run: MockedRun): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const { type } of run.resources) counts[type] = (counts[type] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
};

/** What the README's "Use the components" program registers (the default providers aside), by type. */
const COMPONENTS_KINDS: Record<string, number> = {
  'aws:apigatewayv2/api:Api': 2,
  'aws:apigatewayv2/authorizer:Authorizer': 2,
  'aws:apigatewayv2/integration:Integration': 4,
  'aws:apigatewayv2/route:Route': 27,
  'aws:apigatewayv2/stage:Stage': 2,
  'aws:cloudwatch/eventRule:EventRule': 1,
  'aws:cloudwatch/eventTarget:EventTarget': 1,
  'aws:cloudwatch/logGroup:LogGroup': 10,
  'aws:cognito/identityProvider:IdentityProvider': 1,
  'aws:cognito/userPool:UserPool': 1,
  'aws:cognito/userPoolClient:UserPoolClient': 1,
  'aws:cognito/userPoolDomain:UserPoolDomain': 1,
  'aws:dlm/lifecyclePolicy:LifecyclePolicy': 1,
  'aws:cloudwatch/metricAlarm:MetricAlarm': 6,
  'aws:dynamodb/table:Table': 1,
  'aws:ebs/volume:Volume': 1,
  'aws:ec2/eip:Eip': 1,
  'aws:ec2/instance:Instance': 1,
  'aws:ec2/internetGateway:InternetGateway': 1,
  'aws:ec2/natGateway:NatGateway': 1,
  'aws:ec2/routeTable:RouteTable': 2,
  'aws:ec2/routeTableAssociation:RouteTableAssociation': 3,
  'aws:ec2/securityGroup:SecurityGroup': 2,
  'aws:ec2/subnet:Subnet': 3,
  'aws:ec2/volumeAttachment:VolumeAttachment': 1,
  'aws:ec2/vpc:Vpc': 1,
  'aws:iam/instanceProfile:InstanceProfile': 1,
  'aws:iam/role:Role': 10,
  'aws:iam/rolePolicy:RolePolicy': 9,
  'aws:iam/rolePolicyAttachment:RolePolicyAttachment': 2,
  'aws:lambda/function:Function': 8,
  'aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig': 1,
  'aws:lambda/invocation:Invocation': 1,
  'aws:lambda/permission:Permission': 7,
  'aws:secretsmanager/secret:Secret': 2,
  'aws:secretsmanager/secretVersion:SecretVersion': 1,
  'aws:sns/topic:Topic': 1,
  'aws:sns/topicSubscription:TopicSubscription': 1,
  'aws:sqs/queue:Queue': 1,
  'groupchat:index:GoogleCognitoAuth': 1,
  'groupchat:index:GroupChatBackend': 1,
  'groupchat:index:GroupChatVpc': 1,
  'groupchat:index:Neo4jInstance': 1,
  'groupchat:index:RealtimeFanout': 1,
  'pulumi:pulumi:Stack': 1,
  'random:index/randomPassword:RandomPassword': 1,
  'random:index/randomString:RandomString': 2,
};

/**
 * What examples/full-deployment adds to that: the site (S3 + CloudFront, config.json), the API Gateway account's
 * logging role, and the dashboard (with its name's random suffix).
 */
const SITE_AND_ACCOUNT_KINDS: Record<string, number> = {
  'aws:apigateway/account:Account': 1,
  'aws:cloudwatch/dashboard:Dashboard': 1,
  'groupchat:index:GroupChatDashboard': 1,
  'random:index/randomString:RandomString': 1,
  'aws:cloudfront/distribution:Distribution': 1,
  'aws:cloudfront/originAccessControl:OriginAccessControl': 1,
  'aws:iam/role:Role': 1,
  'aws:iam/rolePolicyAttachment:RolePolicyAttachment': 1,
  'aws:s3/bucket:Bucket': 1,
  'aws:s3/bucketObjectv2:BucketObjectv2': 1,
  'aws:s3/bucketOwnershipControls:BucketOwnershipControls': 1,
  'aws:s3/bucketPolicy:BucketPolicy': 1,
  'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock': 1,
  'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration': 1,
};

const sumCounts = (...counts: Record<string, number>[]): Record<string, number> => {
  const sum: Record<string, number> = {};
  for (const [type, n] of counts.flatMap(Object.entries)) sum[type] = (sum[type] ?? 0) + n;
  return Object.fromEntries(Object.entries(sum).sort(([a], [b]) => a.localeCompare(b)));
};

function expectFullDeployment(run: MockedRun): void {
  expect(countByType(run)).toEqual(sumCounts(COMPONENTS_KINDS, SITE_AND_ACCOUNT_KINDS));
}

describe('the examples, run as the Pulumi CLI runs them, against the packed library', () => {
  test('every example with a Pulumi.yaml is covered here', () => {
    const projects = readdirSync(EXAMPLES_DIR).filter((name) => existsSync(path.join(EXAMPLES_DIR, name, 'Pulumi.yaml')));
    expect(projects).toEqual(['full-deployment']);
  });

  test('examples/full-deployment: Pulumi.yaml names index.ts, which builds the whole system', () => {
    const project = copyProject(path.join(EXAMPLES_DIR, 'full-deployment'), within(scratch), library);
    expect(languageHostLaunch(project).entry).toBe(path.join(project, 'index.ts'));
    const run = runProgramUnderMocks(project, EXAMPLE_CONFIG);
    expect(run.loaded).toEqual(['full-deployment/deployment.ts', 'full-deployment/index.ts', 'full-deployment/web-hosting.ts']);
    expectFullDeployment(run);
  }, 180_000);

  test('examples/full-deployment type-checks (strict) against the packed declarations', () => {
    const project = copyProject(path.join(EXAMPLES_DIR, 'full-deployment'), within(scratch), library);
    execFileSync(process.execPath, [path.join(project, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: project, stdio: 'pipe' });
  }, 180_000);

  test('a Pulumi.yaml without main, in a folder without its own package.json, runs the enclosing package instead and fails', () => {
    // The layout this example had: the language host found the repository's package.json and ran the library.
    const enclosing = within(scratch);
    writeFileSync(path.join(enclosing, 'package.json'), JSON.stringify({ name: 'pulumi-groupchat', main: 'dist/src/index.js' }));
    mkdirSync(path.join(enclosing, 'dist', 'src'), { recursive: true });
    writeFileSync(path.join(enclosing, 'dist', 'src', 'index.js'), 'module.exports = {};\n');
    const project = copyProject(path.join(EXAMPLES_DIR, 'full-deployment'), enclosing, library);
    const pulumiYaml = path.join(project, 'Pulumi.yaml');
    writeFileSync(pulumiYaml, readFileSync(pulumiYaml, 'utf8').replace(/^main: .*\n/m, ''));
    rmSync(path.join(project, 'package.json'));

    const run = runProgramUnderMocks(project, EXAMPLE_CONFIG);
    expect(run.loaded).toEqual(['dist/src/index.js']);
    expect(() => expectFullDeployment(run)).toThrow();
  }, 180_000);

  test('a Pulumi.yaml whose main does not exist is refused', () => {
    const project = path.join(within(scratch), 'full-deployment');
    mkdirSync(project);
    writeFileSync(path.join(project, 'Pulumi.yaml'), 'name: broken\nmain: indx.ts\nruntime: nodejs\n');
    expect(() => languageHostLaunch(project)).toThrow('Pulumi.yaml: main "indx.ts" does not exist');
  });
});

/** The TypeScript program of the README's "Use the components". */
function readmeProgram(): string {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Use the components'));
  return /```ts\n([\s\S]*?)```/.exec(section)![1];
}

describe('a fresh TypeScript project that installs the packed library', () => {
  test('the tarball holds the build, the handler bundles and the policy pack, no bench or test code, in at most 1.5 MB', () => {
    console.log(`npm pack: ${library.size} bytes packed, ${library.files.length} files`);
    expect(library.size).toBeLessThanOrEqual(1.5 * 1024 * 1024);
    expect(library.files.filter((file) => /^(dist\/)?(bench|test)\/|\.test\.|__snapshots__/.test(file))).toEqual([]);
    const topLevel = [...new Set(library.files.map((file) => file.split('/').slice(0, file.startsWith('dist/') ? 2 : 1).join('/')))].sort();
    expect(topLevel).toEqual(['CHANGELOG.md', 'README.md', 'dist/handlers', 'dist/src', 'openapi.json', 'package.json', 'policy-pack']);
  });

  test('the README\'s program compiles with tsc --strict against the public types and runs under mocks', () => {
    const project = path.join(within(scratch), 'consumer');
    mkdirSync(project);
    writeFileSync(path.join(project, 'Pulumi.yaml'), 'name: consumer\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n');
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({
      name: 'consumer',
      private: true,
      main: 'bin/index.js',
      dependencies: { 'pulumi-groupchat': library.tarball, '@pulumi/pulumi': '*', '@pulumi/aws': '*' },
      devDependencies: { typescript: '*', '@types/node': '*' },
    }));
    writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'node16', moduleResolution: 'node16', outDir: 'bin', skipLibCheck: true, types: ['node'] },
      files: ['index.ts'],
    }));
    writeFileSync(path.join(project, 'index.ts'), readmeProgram());
    installPackedLibrary(project, library);

    execFileSync(process.execPath, [path.join(project, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json', '--strict'], { cwd: project, stdio: 'pipe' });
    const run = runProgramUnderMocks(project, { ...EXAMPLE_CONFIG, siteUrl: 'https://chat.example.com' });
    expect(run.loaded).toEqual(['consumer/bin/index.js']);
    expect(countByType(run)).toEqual(COMPONENTS_KINDS);
  }, 180_000);
});
