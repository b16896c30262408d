/**
 * KMS's key policy validation (400 MalformedPolicyDocumentException): "Policy contains a statement with one or more
 * invalid principals." (widely reported, e.g. aws-samples CDK pipeline READMEs); the 32 KB quota is
 * LimitExceededException, checked before anything else in the document (see key-policy-validate.ts). A statement
 * needs no Resource here (key policies apply to their key).
 * Not confirmed by a recorded response: the wording for anything but principals ("The policy document is malformed.").
 */
import type { PolicyValidationFailure } from '../../iam/types.js';
import type { PolicyDialect, PolicyProblem } from '../../iam/validate.js';

const POLICY_BYTES = 32768;

function word(p: PolicyProblem): string {
  switch (p.kind) {
    case 'noPrincipal':
    case 'badPrincipal':
      return 'Policy contains a statement with one or more invalid principals.';
    case 'json':
      return 'The policy is not valid JSON.';
    default:
      return 'The policy document is malformed.';
  }
}

/** KMS's key policy quota, checked before anything else in the document. */
export function kmsPolicySizeFailure(text: string): PolicyValidationFailure | undefined {
  if (Buffer.byteLength(text, 'utf8') <= POLICY_BYTES) return undefined;
  return { code: 'LimitExceededException', status: 400, message: 'The request was rejected because a length constraint or quota was exceeded.' };
}

export const KMS_POLICY_DIALECT: PolicyDialect = {
  malformed: { code: 'MalformedPolicyDocumentException', status: 400 },
  word,
  conditionValues: { date: true, numeric: true, sourceIpUnderAnyOperator: false },
  trustRules: false,
  sizeBeforeParse: kmsPolicySizeFailure,
};
