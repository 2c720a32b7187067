import { RecordingMocks } from '../support/pulumi-mocks';
import { runExampleUnderMocks } from '../support/run-example-under-mocks';
import type { FullDeploymentSettings } from '../../examples/full-deployment/deployment';
import { Props, StackResourceSpec } from './policy-harness';

/**
 * Runs the example deployment under mocks (the shared helper) and returns each resource as the pack sees
 * it: resource policies get the inputs the helper returns; stack policies get the outputs, i.e. the inputs
 * plus what the mocks computed (ARNs, physical names) and the `id`, read off the mocks' answers.
 */
export async function runExampleStack(settings: Partial<FullDeploymentSettings> = {}): Promise<StackResourceSpec[]> {
  const spy = jest.spyOn(RecordingMocks.prototype, 'newResource');
  try {
    const resources = await runExampleUnderMocks(settings);
    const answers = spy.mock.calls.map(([args], index) => ({ type: args.type, name: args.name, answer: spy.mock.results[index].value as { id: string; state: Props } }));
    return resources.map((resource) => {
      const answer = answers.find((a) => a.type === resource.type && a.name === resource.name);
      if (!answer) throw new Error(`no mock answer for ${resource.type}::${resource.name}`);
      // Inputs come from the helper (secrets unwrapped); only computed values are taken from the answer.
      const computed = Object.fromEntries(Object.entries(answer.answer.state).filter(([key]) => !(key in resource.inputs)));
      return {
        type: resource.type,
        name: resource.name,
        inputs: resource.inputs,
        props: { ...resource.inputs, ...computed, id: answer.answer.id },
      };
    });
  } finally {
    spy.mockRestore();
  }
}
