/**
 * Key policy checks KMS makes in CreateKey and PutKeyPolicy (400 MalformedPolicyDocumentException):
 * - not JSON at all: an empty message (aws/aws-sdk-ruby#1784: "if the policy statement malformed an empty string
 *   is returned as the error message", reproduced with "not a real policy statement");
 * - grammar problems: the policy engine's KMS wording (`validatePolicy(doc, KMS_POLICY_DIALECT, 'resource')`);
 * - a role or user principal that does not exist: "Policy contains a statement with one or more invalid
 *   principals." (aws-samples/aws-cross-account-cicd-pipeline#34 and many CDK bootstrap reports);
 * - the lockout safety check, unless BypassPolicyLockoutSafetyCheck: the caller must be allowed to call
 *   PutKeyPolicy on the key under the new policy (together with its IAM policies, so an IAM Deny on
 *   kms:PutKeyPolicy also trips it): "The new key policy will not allow you to update the key policy in the
 *   future." (errors.jsonl E081; hashicorp/terraform-provider-aws key policy bypass acceptance tests).
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-bypass-policy-lockout-safety-check
 * - the key policy quota, 32 KB (32,768 bytes, https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html):
 *   LimitExceededException, which the API reference names for a key policy over the limit (botocore kms model,
 *   PutKeyPolicy/CreateKey `Policy`); no recorded response gives its message, so it carries the exception's
 *   documented description, "The request was rejected because a length constraint or quota was exceeded.". The
 *   model's own length constraint (131,072 characters) answers ValidationException before this check.
 */
import { validatePolicy } from '../../iam/index.js';
import { KMS_POLICY_DIALECT, kmsPolicySizeFailure } from './policy-dialect.js';
import type { OperationContext } from '../types.js';
import { missingPrincipal } from '../iam/validate-principals.js';
import { LimitExceededException, MalformedPolicyDocumentException } from './errors.js';
import { kmsContext } from './key-auth.js';

export interface PolicyTarget {
  keyArn: string;
  account: string;
}

export function checkKeyPolicy(ctx: OperationContext, policy: string, target: PolicyTarget, bypassLockoutCheck: boolean): void {
  const tooBig = kmsPolicySizeFailure(policy);
  if (tooBig) throw LimitExceededException(tooBig.message);
  try {
    JSON.parse(policy);
  } catch {
    throw MalformedPolicyDocumentException('');
  }
  const failure = validatePolicy(policy, KMS_POLICY_DIALECT, 'resource');
  if (failure) throw MalformedPolicyDocumentException(failure.message);
  if (missingPrincipal(ctx.world, policy)) {
    throw MalformedPolicyDocumentException('Policy contains a statement with one or more invalid principals.');
  }
  if (bypassLockoutCheck) return;
  const { decision } = ctx.decide({
    action: 'kms:PutKeyPolicy',
    resource: target.keyArn,
    resourceAccount: target.account,
    context: kmsContext(ctx),
    resourcePolicy: { kind: 'key', name: target.keyArn, document: policy },
  });
  if (decision.decision !== 'allowed') {
    throw MalformedPolicyDocumentException('The new key policy will not allow you to update the key policy in the future.');
  }
}
