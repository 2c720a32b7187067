import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Policy } from '@pulumi/policy';
import { groupChatPolicies } from '../../policy-pack/rules';
import { DATABASE_PORTS_DEFAULTS } from '../../policy-pack/rules/database-network';
import { PASSWORD_POLICY_DEFAULTS } from '../../policy-pack/rules/cognito';
import { WILDCARD_RESOURCE_DEFAULTS } from '../../policy-pack/rules/iam';
import { MANAGED_POLICIES_DEFAULTS } from '../../policy-pack/rules/iam-managed-policies';
import { LAMBDA_RUNTIME_DEFAULTS, SECRET_VARIABLES_DEFAULTS } from '../../policy-pack/rules/lambda';

const PACK_DIR = path.join(__dirname, '..', '..', 'policy-pack');
const byName = (name: string): Policy => groupChatPolicies.find((policy) => policy.name === name)!;

describe('the policy pack', () => {
  test('policy names are unique kebab-case ids, none is the reserved "all", each has a description and remediation', () => {
    const names = groupChatPolicies.map((policy) => policy.name);
    expect(new Set(names).size).toBe(names.length);
    for (const policy of groupChatPolicies) {
      expect(policy.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(policy.name).not.toBe('all');
      expect(policy.description.length).toBeGreaterThan(20);
      expect(policy.remediationSteps).toBeTruthy();
      // The enforcement level comes from the pack (mandatory) or the policy config file, never fixed per policy.
      expect(policy.enforcementLevel).toBeUndefined();
      expect(Object.keys(policy.configSchema?.properties ?? {})).not.toContain('enforcementLevel');
    }
  });

  test('every rule the issue asks for is in the pack', () => {
    expect(groupChatPolicies.map((policy) => policy.name).sort()).toEqual([
      'apigateway-stage-access-logging',
      'apigateway-stage-throttling',
      'cognito-user-pool-deletion-protection',
      'cognito-user-pool-password-policy',
      'database-instance-no-public-ip',
      'database-no-public-ingress',
      'dynamodb-point-in-time-recovery',
      'dynamodb-table-encrypted',
      'ebs-volumes-encrypted',
      'ec2-imdsv2-required',
      'iam-aws-managed-policies-allow-listed',
      'iam-no-wildcard-actions',
      'iam-no-wildcard-resources',
      'lambda-log-group-retention',
      'lambda-no-secret-environment-variables',
      'lambda-supported-nodejs-runtime',
      'monitoring-alarms',
      's3-bucket-public-access-block',
      'sns-topic-encrypted',
    ]);
  });

  test.each([
    ['database-no-public-ingress', DATABASE_PORTS_DEFAULTS],
    ['cognito-user-pool-password-policy', PASSWORD_POLICY_DEFAULTS],
    ['iam-no-wildcard-resources', WILDCARD_RESOURCE_DEFAULTS],
    ['iam-aws-managed-policies-allow-listed', MANAGED_POLICIES_DEFAULTS],
    ['lambda-supported-nodejs-runtime', LAMBDA_RUNTIME_DEFAULTS],
    ['lambda-no-secret-environment-variables', SECRET_VARIABLES_DEFAULTS],
  ])('%s documents its parameters in its config schema with the defaults the code applies', (name, defaults) => {
    const properties = byName(name).configSchema!.properties;
    expect(Object.keys(properties).sort()).toEqual(Object.keys(defaults).sort());
    for (const [key, value] of Object.entries(defaults)) {
      expect(properties[key].default).toEqual(value);
    }
  });

  test('index.ts is the only module that creates the PolicyPack, and it blocks by default', () => {
    const index = readFileSync(path.join(PACK_DIR, 'index.ts'), 'utf8');
    expect(index).toContain("new PolicyPack('pulumi-groupchat'");
    expect(index).toContain("enforcementLevel: 'mandatory'");
    const rules = readdirSync(path.join(PACK_DIR, 'rules')).filter((file) => file.endsWith('.ts'));
    expect(rules.length).toBeGreaterThan(5);
    for (const rule of rules) {
      expect(readFileSync(path.join(PACK_DIR, 'rules', rule), 'utf8')).not.toMatch(/new PolicyPack|from '\.\.\/index'/);
    }
  });

  test('the pack\'s package.json has the version the SDK requires and runs the compiled entry point', () => {
    const manifest = JSON.parse(readFileSync(path.join(PACK_DIR, 'package.json'), 'utf8'));
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(manifest.main).toBe('bin/index.js');
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['@pulumi/policy', '@pulumi/pulumi']);
  });
});
