import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from '@pulumi/policy';
import { UNKNOWN, readKnown } from './known-values';
import { Props, configWithDefaults, describe, forTypes } from './policy-helpers';
import { AWS } from './resource-types';

/** Configuration of {@link lambdaSupportedNodejsRuntime}. */
export interface LambdaRuntimeConfig {
  /** The oldest Node.js major version accepted (`nodejs<N>.x`). */
  minimumNodeVersion: number;
  /** Other runtimes accepted as they are, e.g. `python3.13` for a function that is not part of the chat. */
  allowedRuntimes: string[];
}

/**
 * Node.js 20 and later: Lambda deprecated `nodejs18.x` on 2025-09-01 and the chat's handlers are built
 * for Node.js 20+ (the package's `engines`). Other runtimes are flagged too, because every function of
 * the chat is a Node.js bundle; a stack that also holds functions in other languages lists their
 * runtimes in `allowedRuntimes`. Container image functions have no runtime and are not checked.
 */
export const LAMBDA_RUNTIME_DEFAULTS: LambdaRuntimeConfig = { minimumNodeVersion: 20, allowedRuntimes: [] };

/** The Node.js major version of a runtime identifier (`nodejs22.x` is 22), or `undefined` for other runtimes. */
export function nodeMajorVersion(runtime: string): number | undefined {
  const match = /^nodejs(\d+)?(?:\.|$)/.exec(runtime);
  if (match === null) {
    return undefined;
  }
  return match[1] === undefined ? 0 : Number(match[1]);
}

/** Functions run a supported Node.js runtime. */
export const lambdaSupportedNodejsRuntime: ResourceValidationPolicy = {
  name: 'lambda-supported-nodejs-runtime',
  description: 'Lambda functions run a supported Node.js runtime (nodejs20.x or later by default); other runtimes only when allow-listed.',
  remediationSteps: "Set runtime to 'nodejs22.x' (what the components use).",
  configSchema: {
    properties: {
      minimumNodeVersion: { type: 'integer', minimum: 1, default: LAMBDA_RUNTIME_DEFAULTS.minimumNodeVersion },
      allowedRuntimes: { type: 'array', items: { type: 'string' }, default: LAMBDA_RUNTIME_DEFAULTS.allowedRuntimes },
    },
  },
  validateResource: forTypes([AWS.lambdaFunction], (props, args, reportViolation) => {
    if (props.packageType === 'Image') {
      return;
    }
    const config = configWithDefaults(args, LAMBDA_RUNTIME_DEFAULTS);
    const runtime = props.runtime;
    if (typeof runtime !== 'string' || runtime === '') {
      reportViolation(`${describe(args)} sets no runtime.`);
      return;
    }
    if (config.allowedRuntimes.includes(runtime)) {
      return;
    }
    const major = nodeMajorVersion(runtime);
    if (major === undefined) {
      reportViolation(`${describe(args)} runs ${runtime}, not Node.js (allow it with the allowedRuntimes config).`);
    } else if (major < config.minimumNodeVersion) {
      reportViolation(`${describe(args)} runs ${runtime}: Node.js ${config.minimumNodeVersion} or later is required.`);
    }
  }),
};

/** Configuration of {@link lambdaNoSecretEnvironmentVariables}. */
export interface SecretVariablesConfig {
  /** Variable names accepted even though they look like secrets (exact names). */
  allowedVariableNames: string[];
}

export const SECRET_VARIABLES_DEFAULTS: SecretVariablesConfig = { allowedVariableNames: [] };

const SECRET_WORD_PARTS = ['password', 'passwd', 'secret', 'token', 'credential'];
const SECRET_WORDS = new Set(['pwd', 'key', 'keys', 'apikey', 'accesskey', 'privatekey', 'signingkey']);

/** The words of a variable name: `NEO4J_PASSWORD_SECRET_ARN` and `neo4jPasswordSecretArn` both give neo4j, password, secret, arn. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase());
}

/** Whether a variable name suggests it holds a secret (password, secret, token, key and their kin). */
export function suggestsSecret(name: string): boolean {
  return nameWords(name).some((word) => SECRET_WORDS.has(word) || SECRET_WORD_PARTS.some((part) => word.includes(part)));
}

/**
 * Whether a secret-looking variable holds a reference rather than the secret: a name ending in `ARN`
 * whose value is an ARN (of a Secrets Manager secret or an SSM parameter), or is not known yet during
 * preview (then it is an output of another resource; the rule checks it again at update time).
 */
export function isSecretReference(name: string, value: unknown): boolean {
  const words = nameWords(name);
  return words[words.length - 1] === 'arn' && (value === UNKNOWN || (typeof value === 'string' && value.startsWith('arn:')));
}

/** No environment variable whose name suggests a secret holds a value in clear. */
export const lambdaNoSecretEnvironmentVariables: ResourceValidationPolicy = {
  name: 'lambda-no-secret-environment-variables',
  description: 'Lambda environment variables whose name suggests a secret (password, secret, token, key) hold no value in clear; a *_ARN variable holding the ARN of a Secrets Manager secret or SSM parameter is fine.',
  remediationSteps: 'Keep the secret in Secrets Manager and pass its ARN (e.g. NEO4J_PASSWORD_SECRET_ARN); the function reads it at start.',
  configSchema: {
    properties: {
      allowedVariableNames: { type: 'array', items: { type: 'string' }, default: SECRET_VARIABLES_DEFAULTS.allowedVariableNames },
    },
  },
  validateResource: forTypes([AWS.lambdaFunction], (props, args, reportViolation) => {
    const { allowedVariableNames } = configWithDefaults(args, SECRET_VARIABLES_DEFAULTS);
    const variables: Props = props.environment?.variables ?? {};
    for (const name of Object.keys(variables)) {
      if (!suggestsSecret(name) || allowedVariableNames.includes(name)) {
        continue;
      }
      const value = readKnown(() => variables[name]);
      if (value === '' || isSecretReference(name, value)) {
        continue;
      }
      reportViolation(`${describe(args)}: environment variable ${name} looks like a secret held in clear; pass the ARN of a Secrets Manager secret instead.`);
    }
  }),
};

function retentionOf(group: PolicyResource): number | undefined | typeof UNKNOWN {
  return readKnown(() => group.props.retentionInDays as number | undefined);
}

/** The log group a function writes to, or why it cannot be known yet. */
function logGroupNameOf(fn: PolicyResource): string | typeof UNKNOWN {
  const configured = readKnown(() => fn.props.loggingConfig?.logGroup as string | undefined);
  if (configured === UNKNOWN || (typeof configured === 'string' && configured !== '')) {
    return configured;
  }
  const name = readKnown(() => fn.props.name as string | undefined);
  return name === UNKNOWN || name === undefined ? UNKNOWN : `/aws/lambda/${name}`;
}

/**
 * Every function writes to a log group of the stack that has a retention: `loggingConfig.logGroup`, or
 * else `/aws/lambda/<function name>`. Otherwise Lambda creates the group itself, keeping logs forever.
 */
export const lambdaLogGroupRetention: StackValidationPolicy = {
  name: 'lambda-log-group-retention',
  description: 'Every Lambda function has its log group (loggingConfig.logGroup, or /aws/lambda/<function name>) in the stack, with retentionInDays set.',
  remediationSteps: 'Create an aws.cloudwatch.LogGroup named /aws/lambda/<function name> with retentionInDays before the function, or point loggingConfig.logGroup at one.',
  validateStack: (args, reportViolation) => {
    const functions = args.resources.filter((r) => r.type === AWS.lambdaFunction);
    if (functions.length === 0) {
      args.notApplicable(`Policy only applies to stacks with resources of type '${AWS.lambdaFunction}'`);
    }
    const logGroups = args.resources.filter((r) => r.type === AWS.logGroup);
    for (const fn of functions) {
      const expected = logGroupNameOf(fn);
      let group: PolicyResource | undefined;
      if (expected === UNKNOWN) {
        // During preview the name may be an output not known yet; the group it depends on tells which one.
        group = (fn.propertyDependencies.loggingConfig ?? []).find((r) => r.type === AWS.logGroup);
        if (group === undefined) {
          continue;
        }
      } else {
        group = logGroups.find((candidate) => readKnown(() => candidate.props.name) === expected);
        if (group === undefined) {
          reportViolation(`${describe(fn)} has no log group ${expected} in the stack: Lambda would create one that keeps logs forever.`, fn.urn);
          continue;
        }
      }
      const retention = retentionOf(group);
      if (retention !== UNKNOWN && !(typeof retention === 'number' && retention > 0)) {
        reportViolation(`${describe(fn)} logs to ${describe(group)}, which sets no retentionInDays.`, fn.urn);
      }
    }
  },
};
