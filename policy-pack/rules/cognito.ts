import type { ResourceValidationPolicy } from '@pulumi/policy';
import { configWithDefaults, describe, forTypes } from './policy-helpers';
import { AWS } from './resource-types';

/** Configuration of {@link cognitoUserPoolPasswordPolicy}. */
export interface PasswordPolicyConfig {
  /** The smallest `passwordPolicy.minimumLength` accepted. */
  minimumPasswordLength: number;
}

/**
 * 14 characters: the CIS AWS Foundations Benchmark's minimum for IAM user passwords, and what the
 * GoogleCognitoAuth component sets. Users sign in with Google; only administrator-created users have
 * passwords at all, so a long minimum costs little.
 */
export const PASSWORD_POLICY_DEFAULTS: PasswordPolicyConfig = { minimumPasswordLength: 14 };

/** Cognito user pools refuse deletion. */
export const cognitoUserPoolDeletionProtection: ResourceValidationPolicy = {
  name: 'cognito-user-pool-deletion-protection',
  description: "Cognito user pools have deletion protection ('ACTIVE'): deleting the pool deletes every user.",
  remediationSteps: "Set deletionProtection: 'ACTIVE' (GoogleCognitoAuth does unless deletionProtection: false).",
  validateResource: forTypes([AWS.cognitoUserPool], (props, args, reportViolation) => {
    if (props.deletionProtection !== 'ACTIVE') {
      reportViolation(`${describe(args)} must set deletionProtection to 'ACTIVE'.`);
    }
  }),
};

/** Cognito user pools require long passwords with upper- and lower-case letters, numbers and symbols. */
export const cognitoUserPoolPasswordPolicy: ResourceValidationPolicy = {
  name: 'cognito-user-pool-password-policy',
  description: 'Cognito user pools set a strong password policy: a minimum length (default 14) and upper-case, lower-case, number and symbol required.',
  remediationSteps: 'Set passwordPolicy with minimumLength and requireUppercase, requireLowercase, requireNumbers, requireSymbols all true.',
  configSchema: {
    properties: {
      minimumPasswordLength: { type: 'integer', minimum: 6, maximum: 99, default: PASSWORD_POLICY_DEFAULTS.minimumPasswordLength },
    },
  },
  validateResource: forTypes([AWS.cognitoUserPool], (props, args, reportViolation) => {
    const { minimumPasswordLength } = configWithDefaults(args, PASSWORD_POLICY_DEFAULTS);
    const policy = props.passwordPolicy;
    if (policy === undefined || policy === null) {
      reportViolation(`${describe(args)} sets no passwordPolicy (Cognito's default asks for 8 characters).`);
      return;
    }
    if (typeof policy.minimumLength !== 'number' || policy.minimumLength < minimumPasswordLength) {
      reportViolation(`${describe(args)}: passwordPolicy.minimumLength must be at least ${minimumPasswordLength} (is ${policy.minimumLength ?? 'unset'}).`);
    }
    const required = ['requireUppercase', 'requireLowercase', 'requireNumbers', 'requireSymbols'].filter((key) => policy[key] !== true);
    if (required.length > 0) {
      reportViolation(`${describe(args)}: passwordPolicy must set ${required.join(', ')} to true.`);
    }
  }),
};
