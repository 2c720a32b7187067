import * as pulumi from '@pulumi/pulumi';
import { AlarmNotificationArgs } from './alarms';
import { ArgumentChecks, NON_EMPTY, Rule, arnOf, integerAtLeast, integerBetween, numberAtLeast, oneOf, urlWithScheme } from './argument-checks';
import { FunctionNetworkArgs, validateFunctionNetworkArgs } from './function-network';
import { FunctionSettingsArgs } from './function-settings';
import { HandlerName } from './handler-code';
import { MAX_BASE_NAME_LENGTH } from './lambda-function';
import type { RateLimitArgs } from './rate-limit-settings';

/** The retention periods CloudWatch Logs accepts, in days. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** Refuses a component name that would make a function name longer than Lambda allows; checked first of all. */
function checkFunctionNames(checks: ArgumentChecks, name: string, handlers: readonly HandlerName[]): void {
  const longest = handlers.reduce((a, b) => (b.length > a.length ? b : a));
  const max = MAX_BASE_NAME_LENGTH - 1 - longest.length;
  if (typeof name !== 'string' || name.length > max) {
    checks.fail('name', `be at most ${max} characters: its function names are "<name>-${longest}" and a 9-character suffix, and Lambda allows 64`, name);
  }
}

/** The Lambda settings every function of a component shares (memory, timeout, architecture, logs). */
function checkFunctionSettings(checks: ArgumentChecks, args: FunctionSettingsArgs): FunctionSettingsArgs {
  return {
    memorySizeMiB: checks.check('memorySizeMiB', args.memorySizeMiB, integerBetween(128, 10240)),
    timeoutSeconds: checks.check('timeoutSeconds', args.timeoutSeconds, integerBetween(1, 900)),
    architecture: checks.check('architecture', args.architecture, oneOf(['arm64', 'x86_64'])),
    logRetentionDays: checks.check('logRetentionDays', args.logRetentionDays, oneOf(LOG_RETENTION_DAYS) as Rule<number>),
    logLevel: checks.check('logLevel', args.logLevel, oneOf(['debug', 'info', 'warn', 'error'])),
  };
}

/** How the functions reach Neo4j and which tokens they trust: required by every component with functions. */
interface Neo4jAndAuthArgs {
  readonly neo4jBoltUri: pulumi.Input<string>;
  readonly neo4jPasswordSecretArn: pulumi.Input<string>;
  readonly neo4jCertificateSecretArn?: pulumi.Input<string>;
  readonly authIssuer: pulumi.Input<string>;
  readonly authClientId: pulumi.Input<string>;
}

const BOLT_URI = urlWithScheme(['bolt:', 'bolt+s:', 'bolt+ssc:', 'neo4j:', 'neo4j+s:', 'neo4j+ssc:']);

function checkNeo4jAndAuthArgs(checks: ArgumentChecks, args: Neo4jAndAuthArgs): Neo4jAndAuthArgs {
  return {
    neo4jBoltUri: checks.check('neo4jBoltUri', checks.required('neo4jBoltUri', args.neo4jBoltUri, 'e.g. Neo4jInstance.boltUri'), BOLT_URI),
    neo4jPasswordSecretArn: checks.check(
      'neo4jPasswordSecretArn',
      checks.required('neo4jPasswordSecretArn', args.neo4jPasswordSecretArn, 'e.g. Neo4jInstance.passwordSecretArn'),
      arnOf('secretsmanager', 'secret:'),
    ),
    neo4jCertificateSecretArn: checks.check('neo4jCertificateSecretArn', args.neo4jCertificateSecretArn, arnOf('secretsmanager', 'secret:')),
    authIssuer: checks.check('authIssuer', checks.required('authIssuer', args.authIssuer, 'the token issuer, e.g. GoogleCognitoAuth.issuerUrl'), urlWithScheme(['https:'])),
    authClientId: checks.check('authClientId', checks.required('authClientId', args.authClientId, 'the app client id, e.g. GoogleCognitoAuth.clientId'), NON_EMPTY),
  };
}

/** A stage's throttling limits. */
interface ThrottlingArgs {
  readonly throttlingBurstLimit?: pulumi.Input<number>;
  readonly throttlingRateLimit?: pulumi.Input<number>;
}

/** The args every component with functions in the VPC shares. */
type FunctionComponentArgs = FunctionNetworkArgs & FunctionSettingsArgs & Neo4jAndAuthArgs & ThrottlingArgs & RateLimitArgs & AlarmNotificationArgs;

/**
 * Checks the args of a component with Lambda functions: the component name first, then the shared args, the
 * component's own (`own`), and the network (adopt or create). Returns the args with `Output` values checked once known.
 */
export function checkFunctionComponentArgs<T extends FunctionComponentArgs>(
  componentType: string,
  name: string,
  handlers: readonly HandlerName[],
  given: T | undefined,
  own: (checks: ArgumentChecks, args: T) => Partial<T>,
): T {
  const checks = new ArgumentChecks(componentType, name);
  checkFunctionNames(checks, name, handlers);
  const args = given ?? ({} as T);
  const checked: T = {
    ...args,
    ...checkFunctionSettings(checks, args),
    ...checkNeo4jAndAuthArgs(checks, args),
    throttlingBurstLimit: checks.check('throttlingBurstLimit', args.throttlingBurstLimit, integerAtLeast(0)),
    throttlingRateLimit: checks.check('throttlingRateLimit', args.throttlingRateLimit, numberAtLeast(0)),
    rateLimitPerSecond: checks.check('rateLimitPerSecond', args.rateLimitPerSecond, integerAtLeast(1)),
    rateLimitBurst: checks.check('rateLimitBurst', args.rateLimitBurst, integerAtLeast(1)),
    alarmTopicArn: checks.check('alarmTopicArn', args.alarmTopicArn, arnOf('sns')),
    ...own(checks, args),
  };
  validateFunctionNetworkArgs(componentType, name, checked);
  return checked;
}
