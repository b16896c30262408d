/**
 * aws_kms_key_policy -> KMS PutKeyPolicy with PolicyName "default"
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_key_policy).
 * Deviations: none.
 */
import { PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { bool, reqStr } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsKmsKeyPolicy: ResourceMapper = {
  type: 'aws_kms_key_policy',
  schema: { key_id: 'value', policy: 'value', bypass_policy_lockout_safety_check: 'value' },
  required: ['key_id', 'policy'],
  computed: ['id'],
  async create(args, ctx) {
    const keyId = reqStr(args, 'key_id');
    await ctx.clients.kms.send(
      new PutKeyPolicyCommand({
        KeyId: keyId,
        PolicyName: 'default',
        Policy: reqStr(args, 'policy'),
        BypassPolicyLockoutSafetyCheck: bool(args, 'bypass_policy_lockout_safety_check'),
      }),
    );
    return { id: keyId };
  },
};
