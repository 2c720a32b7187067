import { Props, asList, describe } from './policy-helpers';
import { AWS } from './resource-types';

/** One statement of an IAM policy document, with its lists normalized. */
export interface IamStatement {
  sid: string | undefined;
  effect: string;
  actions: string[];
  notActions: string[];
  resources: string[];
  notResources: string[];
}

/** A policy document found on a resource: where it is, and its statements or why they could not be read. */
export interface FoundDocument {
  where: string;
  statements: IamStatement[];
  error?: string;
}

/** Parses a policy document given as a JSON string or as an object. */
export function parsePolicyDocument(document: unknown): { statements: IamStatement[]; error?: string } {
  let parsed: unknown = document;
  if (typeof document === 'string') {
    try {
      parsed = JSON.parse(document);
    } catch {
      return { statements: [], error: 'is not valid JSON' };
    }
  }
  if (typeof parsed !== 'object' || parsed === null) {
    return { statements: [], error: 'is not a policy document' };
  }
  const statements = asList<Props>((parsed as Props).Statement).map((statement) => ({
    sid: typeof statement.Sid === 'string' ? statement.Sid : undefined,
    effect: String(statement.Effect ?? ''),
    actions: asList<string>(statement.Action),
    notActions: asList<string>(statement.NotAction),
    resources: asList<string>(statement.Resource),
    notResources: asList<string>(statement.NotResource),
  }));
  return { statements };
}

/** The permission policy documents a resource carries (trust policies of roles are not permission policies). */
export function policyDocumentsOf(type: string, props: Props): FoundDocument[] {
  switch (type) {
    case AWS.iamPolicy:
    case AWS.iamRolePolicy:
    case AWS.iamUserPolicy:
    case AWS.iamGroupPolicy:
      return props.policy === undefined ? [] : [{ where: 'policy', ...parsePolicyDocument(props.policy) }];
    case AWS.iamRole:
      return asList<Props>(props.inlinePolicies)
        .filter((inline) => inline.policy !== undefined)
        .map((inline, index) => ({ where: `inlinePolicies[${inline.name ?? index}]`, ...parsePolicyDocument(inline.policy) }));
    default:
      return [];
  }
}

/** The resource types that carry permission policy documents. */
export const POLICY_DOCUMENT_TYPES = [AWS.iamPolicy, AWS.iamRolePolicy, AWS.iamUserPolicy, AWS.iamGroupPolicy, AWS.iamRole];

/** Whether a statement grants (rather than denies). */
export function isAllow(statement: IamStatement): boolean {
  return statement.effect.toLowerCase() === 'allow';
}

/** `*`, `*:...` or `service:*`: an action pattern that grants every action (of every or of one service). */
export function isWildcardAction(action: string): boolean {
  const trimmed = action.trim();
  if (trimmed === '*') {
    return true;
  }
  const [service, name] = trimmed.split(':', 2);
  return service === '*' || name === '*';
}

/** A statement's label in messages. */
export function statementLabel(statement: IamStatement, index: number): string {
  return statement.sid === undefined ? `statement ${index + 1}` : `statement "${statement.sid}"`;
}

/**
 * Calls `check` with every Allow statement of the resource's permission policies and the statement's label
 * for messages; a document that cannot be read is reported as a violation.
 */
export function forEachAllowStatement(
  args: { name: string; type: string },
  props: Props,
  reportViolation: (message: string) => void,
  check: (statement: IamStatement, label: string) => void,
): void {
  for (const document of policyDocumentsOf(args.type, props)) {
    if (document.error !== undefined) {
      reportViolation(`${describe(args)}: ${document.where} ${document.error}.`);
      continue;
    }
    document.statements.forEach((statement, index) => {
      if (isAllow(statement)) {
        check(statement, `${describe(args)}: ${document.where} ${statementLabel(statement, index)}`);
      }
    });
  }
}
