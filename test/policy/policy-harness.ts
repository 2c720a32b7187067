import type {
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from '@pulumi/policy';
import { groupChatPolicies } from '../../policy-pack/rules';

/** Free-form resource properties, as tests write them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Props = Record<string, any>;

interface PolicyProxyModule {
  unknownCheckingProxy<T>(props: T): T;
  unknownStringValue: unknown;
}
/**
 * The policy SDK's own property proxy (internal, so not in its type declarations): it throws on reading
 * an unknown value, exactly as it does when the CLI runs the pack.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const policyProxy = require('@pulumi/policy/proxy') as PolicyProxyModule;

/** A value the engine does not know yet (an output of a resource not created), as a preview sends it. */
export const UNKNOWN_STRING = policyProxy.unknownStringValue;

/** What one policy said about one resource or stack. */
export interface PolicyOutcome {
  violations: string[];
  /** The URNs violations were reported against (stack policies). */
  urns: (string | undefined)[];
  notApplicable: boolean;
}

class NotApplicable extends Error {}

const urnOf = (type: string, name: string) => `urn:pulumi:test::groupchat::${type}::${name}`;

/** The args object the CLI hands to a resource validation, built from a type, props and config. */
export function resourceArgs(type: string, props: Props, config: object = {}, name = 'subject'): ResourceValidationArgs {
  return {
    type,
    name,
    urn: urnOf(type, name),
    props: policyProxy.unknownCheckingProxy(props),
    opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
    stackTags: new Map(),
    isType: () => {
      throw new Error('the rules compare type tokens, not classes');
    },
    asType: () => {
      throw new Error('the rules compare type tokens, not classes');
    },
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason);
    },
  };
}

/** Runs a resource policy on one resource and collects what it reports. */
export async function runResourcePolicy(
  policy: ResourceValidationPolicy,
  type: string,
  props: Props,
  config: object = {},
  name = 'subject',
): Promise<PolicyOutcome> {
  const outcome: PolicyOutcome = { violations: [], urns: [], notApplicable: false };
  const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource!];
  for (const validate of validations) {
    try {
      await validate(resourceArgs(type, props, config, name), (message, urn) => {
        outcome.violations.push(message);
        outcome.urns.push(urn);
      });
    } catch (e) {
      if (!(e instanceof NotApplicable)) throw e;
      outcome.notApplicable = true;
    }
  }
  return outcome;
}

/**
 * One resource of a stack as a test describes it: `props` is what stack policies see (the outputs),
 * `inputs` what resource policies see (default: `props`); `propertyDependencies` names other resources.
 */
export interface StackResourceSpec {
  type: string;
  name: string;
  props: Props;
  inputs?: Props;
  propertyDependencies?: Record<string, string[]>;
}

/** Turns resource specs into the `PolicyResource`s a stack validation receives (dependencies resolved by name). */
export function policyResources(specs: StackResourceSpec[]): PolicyResource[] {
  const resources: PolicyResource[] = specs.map((spec) => ({
    type: spec.type,
    name: spec.name,
    urn: urnOf(spec.type, spec.name),
    props: policyProxy.unknownCheckingProxy(spec.props),
    opts: resourceArgs(spec.type, {}).opts,
    dependencies: [],
    propertyDependencies: {},
    isType: () => {
      throw new Error('the rules compare type tokens, not classes');
    },
    asType: () => {
      throw new Error('the rules compare type tokens, not classes');
    },
  }));
  specs.forEach((spec, index) => {
    for (const [property, names] of Object.entries(spec.propertyDependencies ?? {})) {
      resources[index].propertyDependencies[property] = names.map((name) => {
        const found = resources.filter((r) => r.name === name);
        if (found.length !== 1) throw new Error(`propertyDependencies must name exactly one resource; ${found.length} are named ${name}`);
        return found[0];
      });
      resources[index].dependencies.push(...resources[index].propertyDependencies[property]);
    }
  });
  return resources;
}

/** Runs a stack policy on a list of resources and collects what it reports. */
export async function runStackPolicy(policy: StackValidationPolicy, specs: StackResourceSpec[], config: object = {}): Promise<PolicyOutcome> {
  const outcome: PolicyOutcome = { violations: [], urns: [], notApplicable: false };
  const args: StackValidationArgs = {
    resources: policyResources(specs),
    stackTags: new Map(),
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason);
    },
  };
  try {
    await policy.validateStack(args, (message, urn) => {
      outcome.violations.push(message);
      outcome.urns.push(urn);
    });
  } catch (e) {
    if (!(e instanceof NotApplicable)) throw e;
    outcome.notApplicable = true;
  }
  return outcome;
}

/** What the whole pack said about a stack. */
export interface PackOutcome {
  /** Violations keyed by policy name; policies without violations are left out. */
  violations: Record<string, string[]>;
  /** Names of the policies that applied to at least one resource (or to the stack). */
  applied: string[];
}

/** Runs every policy of the pack over a whole stack, as `pulumi preview --policy-pack` would. */
export async function runWholePack(specs: StackResourceSpec[], config: Record<string, object> = {}): Promise<PackOutcome> {
  const outcome: PackOutcome = { violations: {}, applied: [] };
  for (const policy of groupChatPolicies) {
    const results: PolicyOutcome[] = [];
    if ('validateStack' in policy) {
      results.push(await runStackPolicy(policy, specs, config[policy.name]));
    } else {
      for (const spec of specs) {
        results.push(await runResourcePolicy(policy, spec.type, spec.inputs ?? spec.props, config[policy.name], spec.name));
      }
    }
    const violations = results.flatMap((result) => result.violations);
    if (violations.length > 0) {
      outcome.violations[policy.name] = violations;
    }
    if (results.some((result) => !result.notApplicable)) {
      outcome.applied.push(policy.name);
    }
  }
  return outcome;
}

/** A deep copy of props with one change applied at a dotted path (`undefined` deletes the property). */
export function withChange(props: Props, path: string, value: unknown): Props {
  // Not structuredClone: under jest it makes objects of another realm, which the SDK's proxy does not wrap.
  const copy = JSON.parse(JSON.stringify(props)) as Props;
  const keys = path.split('.');
  let target: Props = copy;
  for (const key of keys.slice(0, -1)) {
    target[key] ??= {};
    target = target[key];
  }
  const last = keys[keys.length - 1];
  if (value === undefined) {
    delete target[last];
  } else {
    target[last] = value;
  }
  return copy;
}
