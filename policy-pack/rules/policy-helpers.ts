import type { ReportViolation, ResourceValidation, ResourceValidationArgs } from '@pulumi/policy';

/** The properties of a resource as the policy sees them: plain JSON-like values. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Props = Record<string, any>;

/**
 * A resource validation that applies only to the given type tokens and reports "not applicable" for the
 * others. Type tokens are compared as strings so the pack does not need to load `@pulumi/aws`.
 */
export function forTypes(
  types: readonly string[],
  validate: (props: Props, args: ResourceValidationArgs, reportViolation: ReportViolation) => void,
): ResourceValidation {
  return (args, reportViolation) => {
    if (!types.includes(args.type)) {
      args.notApplicable(`Policy only applies to resources of type ${types.map((t) => `'${t}'`).join(', ')}`);
    }
    validate(args.props, args, reportViolation);
  };
}

/**
 * The policy's configuration with the defaults filled in. The CLI passes only what the policy config
 * file sets, so defaults are applied here rather than trusted to the schema.
 */
export function configWithDefaults<T extends object>(args: { getConfig<C extends object>(): C }, defaults: T): T {
  const given = args.getConfig<Partial<T>>();
  const merged = { ...defaults };
  for (const [key, value] of Object.entries(given)) {
    if (value !== undefined) {
      (merged as Record<string, unknown>)[key] = value;
    }
  }
  return merged;
}

/** A value that may be one item or a list of them, as a list (`undefined` is the empty list). */
export function asList<T>(value: T | T[] | undefined | null): T[] {
  if (value === undefined || value === null) {
    return [];
  }
  return Array.isArray(value) ? value : [value];
}

/** The name a violation message uses for a resource: its Pulumi name. */
export function describe(args: { name: string; type: string }): string {
  return `${args.type.split(':').pop()} "${args.name}"`;
}
