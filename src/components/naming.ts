import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';

/**
 * A short random suffix, stable for the life of the component, that makes the physical names the
 * component must choose itself (Lambda functions, whose log group name has to be known in advance)
 * unique per stack.
 */
export function nameSuffix(parent: pulumi.Resource, name: string): pulumi.Output<string> {
  return new random.RandomString(name, { length: 8, lower: true, upper: false, numeric: true, special: false }, { parent }).result;
}
