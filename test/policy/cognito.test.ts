import { cognitoUserPoolDeletionProtection, cognitoUserPoolPasswordPolicy } from '../../policy-pack/rules/cognito';
import { AWS } from '../../policy-pack/rules/resource-types';
import { Props, runResourcePolicy, withChange } from './policy-harness';

const POOL: Props = {
  deletionProtection: 'ACTIVE',
  adminCreateUserConfig: { allowAdminCreateUserOnly: true },
  passwordPolicy: {
    minimumLength: 14,
    requireLowercase: true,
    requireUppercase: true,
    requireNumbers: true,
    requireSymbols: true,
    temporaryPasswordValidityDays: 3,
  },
};

describe('cognito-user-pool-deletion-protection', () => {
  test('ACTIVE passes', async () => {
    expect((await runResourcePolicy(cognitoUserPoolDeletionProtection, AWS.cognitoUserPool, POOL)).violations).toEqual([]);
  });

  test.each([['INACTIVE', 'INACTIVE'], ['unset', undefined]])('%s trips it', async (_, value) => {
    expect((await runResourcePolicy(cognitoUserPoolDeletionProtection, AWS.cognitoUserPool, withChange(POOL, 'deletionProtection', value))).violations).toHaveLength(1);
  });
});

describe('cognito-user-pool-password-policy', () => {
  test('14 characters with every character class passes', async () => {
    expect((await runResourcePolicy(cognitoUserPoolPasswordPolicy, AWS.cognitoUserPool, POOL)).violations).toEqual([]);
  });

  test.each([
    ['minimumLength 13', 'passwordPolicy.minimumLength', 13],
    ['minimumLength unset', 'passwordPolicy.minimumLength', undefined],
    ['requireLowercase false', 'passwordPolicy.requireLowercase', false],
    ['requireUppercase false', 'passwordPolicy.requireUppercase', false],
    ['requireNumbers false', 'passwordPolicy.requireNumbers', false],
    ['requireSymbols unset', 'passwordPolicy.requireSymbols', undefined],
    ['no passwordPolicy', 'passwordPolicy', undefined],
  ])('%s trips it', async (_, path, value) => {
    expect((await runResourcePolicy(cognitoUserPoolPasswordPolicy, AWS.cognitoUserPool, withChange(POOL, path, value))).violations).toHaveLength(1);
  });

  test('the minimum length comes from the config', async () => {
    const twelve = withChange(POOL, 'passwordPolicy.minimumLength', 12);
    expect((await runResourcePolicy(cognitoUserPoolPasswordPolicy, AWS.cognitoUserPool, twelve, { minimumPasswordLength: 12 })).violations).toEqual([]);
    expect((await runResourcePolicy(cognitoUserPoolPasswordPolicy, AWS.cognitoUserPool, POOL, { minimumPasswordLength: 16 })).violations).toHaveLength(1);
  });
});
