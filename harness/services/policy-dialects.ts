/**
 * Which service's dialect a policy is validated in when no service holds it yet (`xacct policy simulate` files and
 * the decision cases): identity policies as IAM validates them, bucket policies as S3, key policies as KMS, trust
 * and other resource policies as IAM; and the kind of resource policy an action's resource carries by default.
 */
import type { PolicyDialects } from '../iam/simulate-input.js';
import { IAM_POLICY_DIALECT } from './iam/policy-dialect.js';
import { KMS_POLICY_DIALECT } from './kms/policy-dialect.js';
import { S3_POLICY_DIALECT } from './s3/policy-dialect.js';

export const POLICY_DIALECTS: PolicyDialects = {
  identity: IAM_POLICY_DIALECT,
  resource: (kind) => (kind === 'bucket' ? S3_POLICY_DIALECT : kind === 'key' ? KMS_POLICY_DIALECT : IAM_POLICY_DIALECT),
  kindOf(action) {
    const a = action.toLowerCase();
    if (a.startsWith('kms:')) return 'key';
    if (a.startsWith('sts:assumerole')) return 'trust';
    if (a.startsWith('s3:')) return 'bucket';
    return 'other';
  },
};
