import * as pulumi from '@pulumi/pulumi';
import { MOCK_ACCOUNT, MOCK_REGION, RecordingMocks, settle } from '../support/pulumi-mocks';

const mocks = new RecordingMocks();
pulumi.runtime.setMocks(mocks, 'project', 'stack', false);

import {
  GoogleCognitoAuth,
  GoogleCognitoAuthArgs,
  GroupChatBackend,
  GroupChatBackendArgs,
  Neo4jInstance,
  Neo4jInstanceArgs,
  RealtimeFanout,
  RealtimeFanoutArgs,
} from '../../src/components';
import { ArgumentChecks, integerBetween } from '../../src/components/argument-checks';

const SECRET_ARN = `arn:aws:secretsmanager:${MOCK_REGION}:${MOCK_ACCOUNT}:secret:neo4j-password-AbCdEf`;
const AUTH: GoogleCognitoAuthArgs = {
  domainPrefix: 'chat-example',
  googleClientId: 'client.apps.googleusercontent.com',
  googleClientSecret: 'GOCSPX-secret',
  callbackUrls: ['https://chat.example.com/'],
  logoutUrls: ['https://chat.example.com/'],
};
const NEO4J: Neo4jInstanceArgs = { boltClientSecurityGroupIds: ['sg-clients'] };
const REALTIME: RealtimeFanoutArgs = {
  neo4jBoltUri: 'bolt://10.0.7.21:7687',
  neo4jPasswordSecretArn: SECRET_ARN,
  authIssuer: `https://cognito-idp.${MOCK_REGION}.amazonaws.com/${MOCK_REGION}_pool`,
  authClientId: 'client-id',
  vpcSubnetIds: ['subnet-a'],
  securityGroupIds: ['sg-clients'],
};
const BACKEND: GroupChatBackendArgs = {
  ...REALTIME,
  connectionsTableArn: `arn:aws:dynamodb:${MOCK_REGION}:${MOCK_ACCOUNT}:table/chat-connections`,
  eventsTopicArn: `arn:aws:sns:${MOCK_REGION}:${MOCK_ACCOUNT}:chat-events`,
};

/** Builds a component with changed args; it must throw before registering anything, with the message. */
async function expectRefused(build: () => unknown, message: string | RegExp): Promise<void> {
  mocks.resources.length = 0;
  expect(build).toThrow(message);
  await settle();
  expect(mocks.resources).toEqual([]);
}

type Case<T> = [string, Partial<Record<keyof T, unknown>>, string | RegExp];
const must = (arg: string, rule: string, value: unknown) => `${arg} must ${rule}; got ${JSON.stringify(value)}.`;

describe('GoogleCognitoAuth refuses bad input before creating anything', () => {
  const prefixRule = 'be 1 to 63 lowercase letters, digits and hyphens, not starting or ending with a hyphen, without the reserved words aws, amazon or cognito';
  const urlRule = 'be an absolute URL without a fragment, https:// (http:// only for localhost) or an app scheme such as myapp://';
  const cases: Case<GoogleCognitoAuthArgs>[] = [
    ['a prefix with capitals and symbols', { domainPrefix: 'Bad_Prefix!' }, must('domainPrefix', prefixRule, 'Bad_Prefix!')],
    ['an empty prefix', { domainPrefix: '' }, must('domainPrefix', prefixRule, '')],
    ['a prefix starting with a hyphen', { domainPrefix: '-chat' }, must('domainPrefix', prefixRule, '-chat')],
    ['a prefix of 64 characters', { domainPrefix: 'a'.repeat(64) }, must('domainPrefix', prefixRule, 'a'.repeat(64))],
    ['a prefix holding "aws"', { domainPrefix: 'my-aws-chat' }, must('domainPrefix', prefixRule, 'my-aws-chat')],
    ['a prefix holding "amazon"', { domainPrefix: 'amazonchat' }, must('domainPrefix', prefixRule, 'amazonchat')],
    ['a prefix holding "cognito"', { domainPrefix: 'chat-cognito' }, must('domainPrefix', prefixRule, 'chat-cognito')],
    ['tokenValidityMinutes 2', { tokenValidityMinutes: 2 }, must('tokenValidityMinutes', 'be a whole number from 5 to 1440', 2)],
    ['tokenValidityMinutes 5000', { tokenValidityMinutes: 5000 }, must('tokenValidityMinutes', 'be a whole number from 5 to 1440', 5000)],
    ['tokenValidityMinutes 7.5', { tokenValidityMinutes: 7.5 }, must('tokenValidityMinutes', 'be a whole number from 5 to 1440', 7.5)],
    ['refreshTokenValidityDays 0', { refreshTokenValidityDays: 0 }, must('refreshTokenValidityDays', 'be a whole number from 1 to 3650', 0)],
    ['no callback URL', { callbackUrls: [] }, must('callbackUrls', 'be a list of at least 1 item', [])],
    ['an http:// callback URL that is not localhost', { callbackUrls: ['http://chat.example.com/'] }, must('callbackUrls[0]', urlRule, 'http://chat.example.com/')],
    ['a callback URL with a fragment', { callbackUrls: ['https://chat.example.com/#x'] }, must('callbackUrls[0]', urlRule, 'https://chat.example.com/#x')],
    ['a relative callback URL', { callbackUrls: ['/signed-in'] }, must('callbackUrls[0]', urlRule, '/signed-in')],
    ['an http:// logout URL that is not localhost', { logoutUrls: ['https://ok.example.com/', 'http://10.0.0.1/'] }, must('logoutUrls[1]', urlRule, 'http://10.0.0.1/')],
    ['an empty Google client id', { googleClientId: ' ' }, must('googleClientId', 'be a non-empty string', ' ')],
    ['no Google client secret', { googleClientSecret: undefined }, "googleClientSecret is required (the Google OAuth client's secret); got undefined."],
    ['deletionProtection "false"', { deletionProtection: 'false' }, must('deletionProtection', 'be true or false', 'false')],
  ];
  test.each(cases)('%s', async (_case, change, message) => {
    await expectRefused(() => new GoogleCognitoAuth('auth', { ...AUTH, ...change } as GoogleCognitoAuthArgs), `GoogleCognitoAuth "auth": ${message}`);
  });

  test.each([
    ['http://localhost:3000/'],
    ['myapp://signed-in'],
    ['https://chat.example.com/callback?from=app'],
  ])('accepts the callback URL %s', async (url) => {
    await settle();
    expect(() => new GoogleCognitoAuth(`auth-${url.length}`, { ...AUTH, callbackUrls: [url] })).not.toThrow();
    await settle();
  });
});

describe('Neo4jInstance refuses bad input before creating anything', () => {
  const cases: Case<Neo4jInstanceArgs>[] = [
    ['a 1 GiB instance type', { instanceType: 't4g.micro' }, /^Neo4jInstance "db": instanceType must be an EC2 instance type with at least 2048 MiB of memory for Neo4j, such as "t4g.medium" \(not a nano or micro size\); got "t4g.micro"\.$/],
    ['a nano instance type', { instanceType: 't3.nano' }, 'got "t3.nano".'],
    ['something that is not an instance type', { instanceType: 'large' }, 'got "large".'],
    ['a neo4jVersion with shell metacharacters', { neo4jVersion: '5.26.0; rm -rf /' }, must('neo4jVersion', 'be a Neo4j version such as "5.26.30" (major.minor.patch)', '5.26.0; rm -rf /')],
    ['neo4jVersion "latest"', { neo4jVersion: 'latest' }, 'got "latest".'],
    ['dataVolumeSizeGiB 0', { dataVolumeSizeGiB: 0 }, must('dataVolumeSizeGiB', 'be a whole number from 1 to 16384', 0)],
    ['dataVolumeSizeGiB 20000', { dataVolumeSizeGiB: 20000 }, must('dataVolumeSizeGiB', 'be a whole number from 1 to 16384', 20000)],
    ['snapshotTimeUtc "25:99"', { snapshotTimeUtc: '25:99' }, must('snapshotTimeUtc', 'be a time of day HH:MM in UTC, from 00:00 to 23:59', '25:99')],
    ['snapshotTimeUtc "3:00"', { snapshotTimeUtc: '3:00' }, 'got "3:00".'],
    ['snapshotRetainCount 0', { snapshotRetainCount: 0 }, must('snapshotRetainCount', 'be a whole number from 1 to 1000', 0)],
    ['an amiId that is not one', { amiId: 'amazon-linux' }, must('amiId', 'be an AMI id such as "ami-0123456789abcdef0"', 'amazon-linux')],
    ['no Bolt client', { boltClientSecurityGroupIds: [] }, 'boltClientSecurityGroupIds must name at least one security group (nothing else may reach Bolt); got [].'],
  ];
  test.each(cases)('%s', async (_case, change, message) => {
    await expectRefused(() => new Neo4jInstance('db', { ...NEO4J, ...change } as Neo4jInstanceArgs), message);
  });
});

describe('RealtimeFanout and GroupChatBackend refuse bad input before creating anything', () => {
  const shared: Case<RealtimeFanoutArgs>[] = [
    ['no authIssuer', { authIssuer: undefined }, 'authIssuer is required (the token issuer, e.g. GoogleCognitoAuth.issuerUrl); got undefined.'],
    ['an http authIssuer', { authIssuer: 'http://issuer.example.com' }, must('authIssuer', 'be a URL starting with https://', 'http://issuer.example.com')],
    ['an empty authClientId', { authClientId: '' }, must('authClientId', 'be a non-empty string', '')],
    ['a Bolt URI over HTTP', { neo4jBoltUri: 'http://10.0.7.21:7474' }, 'neo4jBoltUri must be a URL starting with bolt:// or bolt+s:// or bolt+ssc:// or neo4j:// or neo4j+s:// or neo4j+ssc://; got "http://10.0.7.21:7474".'],
    ['a password secret that is not a secret ARN', { neo4jPasswordSecretArn: 'neo4j-password' }, /neo4jPasswordSecretArn must be the ARN of a secretsmanager secret .*; got "neo4j-password"\./],
    ['a certificate secret that is not a secret ARN', { neo4jCertificateSecretArn: 'cert.pem' }, /neo4jCertificateSecretArn must be the ARN of a secretsmanager secret .*; got "cert.pem"\./],
    ['an alarm topic that is not a topic ARN', { alarmTopicArn: 'arn:aws:sqs:eu-west-1:123456789012:alerts' }, /alarmTopicArn must be the ARN of a sns .*; got "arn:aws:sqs:eu-west-1:123456789012:alerts"\./],
    ['memorySizeMiB 64', { memorySizeMiB: 64 }, must('memorySizeMiB', 'be a whole number from 128 to 10240', 64)],
    ['timeoutSeconds 0', { timeoutSeconds: 0 }, must('timeoutSeconds', 'be a whole number from 1 to 900', 0)],
    ['architecture "arm"', { architecture: 'arm' }, must('architecture', 'be one of "arm64", "x86_64"', 'arm')],
    ['logRetentionDays 10', { logRetentionDays: 10 }, /logRetentionDays must be one of 1, 3, 5, 7, 14, 30, .*; got 10\./],
    ['logLevel "verbose"', { logLevel: 'verbose' }, must('logLevel', 'be one of "debug", "info", "warn", "error"', 'verbose')],
    ['a negative throttlingRateLimit', { throttlingRateLimit: -1 }, must('throttlingRateLimit', 'be a number of at least 0', -1)],
    ['no vpcSubnetIds', { vpcSubnetIds: undefined }, 'vpcSubnetIds is required'],
  ];
  test.each(shared)('RealtimeFanout: %s', async (_case, change, message) => {
    await expectRefused(() => new RealtimeFanout('rt', { ...REALTIME, ...change } as RealtimeFanoutArgs), message);
  });
  test.each(shared)('GroupChatBackend: %s', async (_case, change, message) => {
    await expectRefused(() => new GroupChatBackend('be', { ...BACKEND, ...change } as GroupChatBackendArgs), message);
  });

  test.each<Case<GroupChatBackendArgs>>([
    ['a table ARN that is not a DynamoDB table', { connectionsTableArn: `arn:aws:sns:${MOCK_REGION}:${MOCK_ACCOUNT}:chat-events` }, /connectionsTableArn must be the ARN of a dynamodb table/],
    ['no eventsTopicArn', { eventsTopicArn: undefined }, 'eventsTopicArn is required (e.g. RealtimeFanout.eventsTopicArn); got undefined.'],
    ['a CORS origin with a path', { corsAllowOrigins: ['https://chat.example.com/app'] }, 'corsAllowOrigins[0] must be an origin such as "https://chat.example.com" (scheme and host, no path or trailing slash) or "*"; got "https://chat.example.com/app".'],
    ['an empty CORS list', { corsAllowOrigins: [] }, must('corsAllowOrigins', 'be a list of at least 1 item', [])],
    ['migrateTimeoutSeconds 1000', { migrateTimeoutSeconds: 1000 }, must('migrateTimeoutSeconds', 'be a whole number from 1 to 900', 1000)],
  ])('GroupChatBackend: %s', async (_case, change, message) => {
    await expectRefused(() => new GroupChatBackend('be', { ...BACKEND, ...change } as GroupChatBackendArgs), message);
  });

  test('RealtimeFanout: a stage name with a slash', async () => {
    await expectRefused(() => new RealtimeFanout('rt', { ...REALTIME, stageName: 'live/v1' }), must('stageName', 'be 1 to 128 letters, digits, hyphens and underscores', 'live/v1'));
  });

  test.each([0, 1.5, 1441])('RealtimeFanout: a presence sweep every %p minutes', async (minutes) => {
    await expectRefused(
      () => new RealtimeFanout('rt', { ...REALTIME, presenceSweepIntervalMinutes: minutes }),
      must('presenceSweepIntervalMinutes', 'be a whole number of minutes from 1 to 1440', minutes),
    );
  });

  test('the component name length is checked first, before any other argument', async () => {
    const name = 'n'.repeat(48);
    await expectRefused(() => new GroupChatBackend(name, {} as GroupChatBackendArgs), `GroupChatBackend "${name}": name must be at most 47 characters`);
    await expectRefused(() => new RealtimeFanout('r'.repeat(41), {} as RealtimeFanoutArgs), /^RealtimeFanout "r{41}": name must be at most 40 characters: its function names are "<name>-presence-sweep"/);
    expect(() => new RealtimeFanout('r'.repeat(40), REALTIME)).not.toThrow();
    await settle();
  });
});

describe('untyped JavaScript callers get the same messages for missing args', () => {
  /* eslint-disable @typescript-eslint/no-explicit-any */
  const untyped = (Component: unknown, ...params: unknown[]) => () => new (Component as any)(...params);
  /* eslint-enable @typescript-eslint/no-explicit-any */
  test.each([
    ['Neo4jInstance({})', untyped(Neo4jInstance, 'db', {}), 'Neo4jInstance "db": boltClientSecurityGroupIds is required (the security groups that may reach Bolt); got undefined.'],
    ['Neo4jInstance without args', untyped(Neo4jInstance, 'db'), 'Neo4jInstance "db": boltClientSecurityGroupIds is required'],
    ['GoogleCognitoAuth({})', untyped(GoogleCognitoAuth, 'auth', {}), 'GoogleCognitoAuth "auth": domainPrefix is required (the hosted-UI domain prefix); got undefined.'],
    ['GroupChatBackend({})', untyped(GroupChatBackend, 'be', {}), 'GroupChatBackend "be": neo4jBoltUri is required (e.g. Neo4jInstance.boltUri); got undefined.'],
    ['RealtimeFanout without args', untyped(RealtimeFanout, 'rt'), 'RealtimeFanout "rt": neo4jBoltUri is required (e.g. Neo4jInstance.boltUri); got undefined.'],
    ['GroupChatBackend with a number for authIssuer', untyped(GroupChatBackend, 'be', { ...BACKEND, authIssuer: 42 }), 'GroupChatBackend "be": authIssuer must be a URL starting with https://; got 42.'],
  ])('%s', async (_case, build, message) => {
    await expectRefused(build, message);
  });
});

describe('Input values are checked once known', () => {
  const checks = new ArgumentChecks('GoogleCognitoAuth', 'auth');
  const rule = integerBetween(5, 1440);
  type OutputPromises<T> = { promise(): Promise<T>; isKnown: Promise<boolean>; isSecret: Promise<boolean>; allResources(): Promise<unknown> };
  /** The value of an input; the Output's other promises (known, secret, resources) reject with it, and are handled here. */
  const promiseOf = <T>(input: pulumi.Input<T> | undefined): Promise<T> => {
    const output = pulumi.output(input) as unknown as OutputPromises<T>;
    for (const other of [output.isKnown, output.isSecret, output.allResources()]) other.catch(() => undefined);
    return output.promise();
  };

  test('an Output or a promise is passed on with the check attached; a good value comes through', async () => {
    await expect(promiseOf(checks.check('tokenValidityMinutes', pulumi.output(5000), rule)))
      .rejects.toThrow('GoogleCognitoAuth "auth": tokenValidityMinutes must be a whole number from 5 to 1440; got 5000.');
    await expect(promiseOf(checks.check('tokenValidityMinutes', Promise.resolve(2), rule))).rejects.toThrow('got 2.');
    await expect(promiseOf(checks.check('tokenValidityMinutes', pulumi.output(60), rule))).resolves.toBe(60);
  });

  test('a list given as an Output is checked as a whole and item by item', async () => {
    const urlRule = { test: (value: string) => value.startsWith('https://'), text: 'start with https://' };
    await expect(promiseOf(checks.checkList('callbackUrls', pulumi.output([] as string[]), 1, urlRule))).rejects.toThrow('callbackUrls must be a list of at least 1 item; got [].');
    const items = checks.checkList('callbackUrls', [pulumi.output('http://x')], 1, urlRule) as pulumi.Input<string>[];
    await expect(promiseOf(items[0])).rejects.toThrow('callbackUrls[0] must start with https://; got "http://x".');
  });
});
