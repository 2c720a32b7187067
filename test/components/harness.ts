import * as pulumi from '@pulumi/pulumi';
import { ChildRegistration, RecordedResource, RecordingMocks, recordChildren, settle } from '../support/pulumi-mocks';

/** Recorded inputs are free-form JSON; tests navigate them by path. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

const SECRET_SIG_KEY = '4dabf18193072939515e22adb298388d';
const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';

/** Whether a recorded input was marked secret. */
export function isSecret(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG;
}

/** A recorded input with every secret wrapper removed. */
export function plain(value: unknown): unknown {
  if (isSecret(value)) return plain((value as { value: unknown }).value);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, plain(inner)]));
  }
  return value;
}

/** What a component created, as the tests look at it. */
export class Constructed<T> {
  constructor(
    public readonly component: T,
    public readonly componentType: string,
    public readonly componentName: string,
    public readonly children: ChildRegistration[],
    public readonly resources: RecordedResource[],
  ) {}

  /** `type::name` of every child, sorted. */
  inventory(): string[] {
    return this.children.filter((c) => !(c.type === this.componentType && c.name === this.componentName)).map((c) => `${c.type}::${c.name}`).sort();
  }

  /** The secret-free inputs of the one resource of this type and name. */
  inputs(type: string, name: string): Record<string, Json> {
    const found = this.resources.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
    return plain(found[0].inputs) as Record<string, Json>;
  }

  /** The raw inputs (secret wrappers kept). */
  rawInputs(type: string, name: string): Record<string, Json> {
    return this.resources.find((r) => r.type === type && r.name === name)!.inputs as Record<string, Json>;
  }

  child(type: string, name: string): ChildRegistration {
    return this.children.find((c) => c.type === type && c.name === name)!;
  }

  /** The parsed statements of a role policy. */
  statements(rolePolicyName: string): Json[] {
    return JSON.parse(this.inputs('aws:iam/rolePolicy:RolePolicy', rolePolicyName).policy).Statement;
  }
}

/** Builds a component under the mocks, waits for every registration, and returns what it created. */
export async function construct<T extends pulumi.ComponentResource>(
  mocks: RecordingMocks,
  componentType: string,
  componentName: string,
  build: (opts: pulumi.ComponentResourceOptions) => T,
): Promise<Constructed<T>> {
  mocks.resources.length = 0;
  mocks.calls.length = 0;
  mocks.callInputs.length = 0;
  const children: ChildRegistration[] = [];
  const component = build(recordChildren(children));
  await settle();
  return new Constructed(component, componentType, componentName, children, [...mocks.resources]);
}

/** Every child has the component as its direct parent. */
export function expectAllParentedTo(built: Constructed<unknown>): void {
  const orphans = built.children
    .filter((c) => !(c.type === built.componentType && c.name === built.componentName))
    .filter((c) => c.parentType !== built.componentType || c.parentName !== built.componentName);
  expect(orphans).toEqual([]);
  // Every custom resource the mocks saw went through the component's transformations, i.e. is its descendant.
  const customs = built.resources.filter((r) => r.type !== built.componentType).map((r) => `${r.type}::${r.name}`).sort();
  expect(customs).toEqual(built.inventory());
}
