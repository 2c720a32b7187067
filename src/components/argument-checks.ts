import * as pulumi from '@pulumi/pulumi';

/** A rule an argument's value must follow: the test, and the words that end "<arg> must ...". */
export interface Rule<T> {
  readonly test: (value: T) => boolean;
  /** e.g. `be a whole number from 5 to 1440` */
  readonly text: string;
}

const show = (value: unknown): string => (value === undefined ? 'undefined' : JSON.stringify(value));

/**
 * Checks a component's arguments before it registers anything, and its `Input` values once they are
 * known. Every error names the component, the argument, the rule and the value:
 * `GoogleCognitoAuth "auth": tokenValidityMinutes must be a whole number from 5 to 1440; got 2.`
 */
export class ArgumentChecks {
  private readonly where: string;

  constructor(componentType: string, name: string) {
    this.where = `${componentType} "${name}"`;
  }

  /** Throws the error of an argument that breaks a rule. */
  fail(arg: string, rule: string, value: unknown): never {
    throw new Error(`${this.where}: ${arg} must ${rule}; got ${show(value)}.`);
  }

  /** Throws when an argument is missing (JavaScript callers can leave out what the types require). */
  required<T>(arg: string, value: T | undefined | null, what: string): T {
    if (value === undefined || value === null) {
      throw new Error(`${this.where}: ${arg} is required (${what}); got ${show(value)}.`);
    }
    return value;
  }

  /**
   * Checks a value against a rule: now when it is plain, once known when it is an `Output` or a promise
   * (the returned input then carries the check to whatever uses it). `undefined` passes (optional args).
   */
  check<T>(arg: string, value: pulumi.Input<T>, rule: Rule<T>): pulumi.Input<T>;
  check<T>(arg: string, value: pulumi.Input<T> | undefined, rule: Rule<T>): pulumi.Input<T> | undefined;
  check<T>(arg: string, value: pulumi.Input<T> | undefined, rule: Rule<T>): pulumi.Input<T> | undefined {
    if (value === undefined) return undefined;
    if (pulumi.Output.isInstance(value) || value instanceof Promise) {
      return pulumi.output(value).apply((known) => this.checkKnown(arg, known as T, rule));
    }
    return this.checkKnown(arg, value as T, rule);
  }

  /** Checks a list: it must be a list (of at least `minItems`), and each item follows the rule. */
  checkList<T>(arg: string, value: pulumi.Input<pulumi.Input<T>[]>, minItems: number, rule: Rule<T>): pulumi.Input<pulumi.Input<T>[]>;
  checkList<T>(arg: string, value: pulumi.Input<pulumi.Input<T>[]> | undefined, minItems: number, rule: Rule<T>): pulumi.Input<pulumi.Input<T>[]> | undefined;
  checkList<T>(arg: string, value: pulumi.Input<pulumi.Input<T>[]> | undefined, minItems: number, rule: Rule<T>): pulumi.Input<pulumi.Input<T>[]> | undefined {
    if (value === undefined) return undefined;
    const checkItems = (items: pulumi.Input<T>[]) => {
      if (!Array.isArray(items) || items.length < minItems) {
        this.fail(arg, minItems > 0 ? `be a list of at least ${minItems} item${minItems === 1 ? '' : 's'}` : 'be a list', items);
      }
      return items.map((item, index) => this.check(`${arg}[${index}]`, item, rule));
    };
    if (pulumi.Output.isInstance(value) || value instanceof Promise) {
      return pulumi.output(value).apply((known) => checkItems(known as T[]) as T[]);
    }
    return checkItems(value as pulumi.Input<T>[]);
  }

  private checkKnown<T>(arg: string, value: T, rule: Rule<T>): T {
    if (!rule.test(value)) this.fail(arg, rule.text, value);
    return value;
  }
}

/** A whole number from `min` to `max`. */
export function integerBetween(min: number, max: number, unit = ''): Rule<number> {
  return {
    test: (value) => Number.isInteger(value) && value >= min && value <= max,
    text: `be a whole number${unit ? ` of ${unit}` : ''} from ${min} to ${max}`,
  };
}

/** A whole number from `min` up. */
export function integerAtLeast(min: number): Rule<number> {
  return { test: (value) => Number.isInteger(value) && value >= min, text: `be a whole number of at least ${min}` };
}

/** A number from `min` up. */
export function numberAtLeast(min: number): Rule<number> {
  return { test: (value) => typeof value === 'number' && Number.isFinite(value) && value >= min, text: `be a number of at least ${min}` };
}

/** One of the listed values. */
export function oneOf<T extends string | number | boolean>(values: readonly T[]): Rule<T> {
  return { test: (value) => values.includes(value), text: `be one of ${values.map((v) => JSON.stringify(v)).join(', ')}` };
}

/** A string matching a pattern; `text` says what the pattern means. */
export function matching(pattern: RegExp, text: string): Rule<string> {
  return { test: (value) => typeof value === 'string' && pattern.test(value), text };
}

/** A string that is not empty. */
export const NON_EMPTY: Rule<string> = matching(/\S/, 'be a non-empty string');

/** `true` or `false`. */
export const BOOLEAN: Rule<boolean> = { test: (value) => typeof value === 'boolean', text: 'be true or false' };

/** A URL whose scheme is one of `schemes` (e.g. `https:`). */
export function urlWithScheme(schemes: readonly string[]): Rule<string> {
  return {
    test: (value) => {
      try {
        return schemes.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    text: `be a URL starting with ${schemes.map((scheme) => `${scheme}//`).join(' or ')}`,
  };
}

/** An ARN of the given service (`arn:<partition>:<service>:...`), optionally of one resource type. */
export function arnOf(service: string, resourcePrefix = ''): Rule<string> {
  const pattern = new RegExp(`^arn:aws[a-z-]*:${service}:[a-z0-9-]*:\\d{12}:${resourcePrefix}\\S+$`);
  return matching(pattern, `be the ARN of a ${service} ${resourcePrefix ? resourcePrefix.replace(/[:/]$/, '') : 'resource'} (arn:aws:${service}:<region>:<account>:${resourcePrefix}...)`);
}
