import * as pulumi from '@pulumi/pulumi';
import { FunctionSettings } from './lambda-function';

/** The Lambda settings shared by every function of a component. */
export interface FunctionSettingsArgs {
  /**
   * Memory of each function, in MiB (CPU grows with it).
   * @default 256
   */
  readonly memorySizeMiB?: pulumi.Input<number>;
  /**
   * Timeout of each function, in seconds. API Gateway gives up on an integration after 29 seconds.
   * @default 29
   */
  readonly timeoutSeconds?: pulumi.Input<number>;
  /**
   * Instruction set of the functions: `arm64` or `x86_64`.
   * @default "arm64"
   */
  readonly architecture?: pulumi.Input<string>;
  /**
   * Days the functions' and stages' log events are kept.
   * @default 30
   */
  readonly logRetentionDays?: pulumi.Input<number>;
  /**
   * `LOG_LEVEL` of the handlers (`debug`, `info`, `warn`, `error`).
   * @default - not set: the handlers' own default
   */
  readonly logLevel?: pulumi.Input<string>;
}

/** Documented defaults shared by all components. */
export const FUNCTION_DEFAULTS = {
  memorySizeMiB: 256,
  timeoutSeconds: 29,
  architecture: 'arm64',
  logRetentionDays: 30,
} as const;

/** Fills in the defaults. */
export function functionSettings(args: FunctionSettingsArgs): FunctionSettings {
  return {
    memorySizeMiB: args.memorySizeMiB ?? FUNCTION_DEFAULTS.memorySizeMiB,
    timeoutSeconds: args.timeoutSeconds ?? FUNCTION_DEFAULTS.timeoutSeconds,
    architecture: args.architecture ?? FUNCTION_DEFAULTS.architecture,
    logRetentionDays: args.logRetentionDays ?? FUNCTION_DEFAULTS.logRetentionDays,
    logLevel: args.logLevel,
  };
}
