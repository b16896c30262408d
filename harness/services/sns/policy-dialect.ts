/**
 * How SNS validates a topic's Policy attribute when it is set (400 InvalidParameter, wording in errors.ts): a
 * principal that is not one is "PrincipalNotFound", anything else "null". Topic policies name no size quota here.
 * https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-language-api-permissions-reference.html
 */
import type { PolicyDialect, PolicyProblem } from '../../iam/validate.js';

function word(p: PolicyProblem): string {
  return `Invalid parameter: Policy Error: ${p.kind === 'badPrincipal' ? 'PrincipalNotFound' : 'null'}`;
}

export const SNS_POLICY_DIALECT: PolicyDialect = {
  malformed: { code: 'InvalidParameter', status: 400 },
  word,
  conditionValues: { date: true, numeric: true, sourceIpUnderAnyOperator: false },
  trustRules: false,
};
