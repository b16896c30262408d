/**
 * aws_kms_key -> KMS CreateKey (+ EnableKeyRotation, DisableKey)
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_key).
 * Without `policy`, KMS applies its default key policy, as in AWS.
 * Deviations: deletion_window_in_days and rotation_period_in_days only matter later and are ignored.
 */
import { CreateKeyCommand, DisableKeyCommand, EnableKeyRotationCommand, type KeySpec, type KeyUsageType } from '@aws-sdk/client-kms';
import { bool, str, stringMap } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsKmsKey: ResourceMapper = {
  type: 'aws_kms_key',
  schema: {
    description: 'value',
    key_usage: 'value',
    customer_master_key_spec: 'value',
    policy: 'value',
    bypass_policy_lockout_safety_check: 'value',
    is_enabled: 'value',
    enable_key_rotation: 'value',
    multi_region: 'value',
    tags: 'value',
    deletion_window_in_days: 'ignored',
    rotation_period_in_days: 'ignored',
  },
  required: [],
  computed: ['arn', 'id', 'key_id'],
  async create(args, ctx) {
    const tags = stringMap(args, 'tags');
    const out = await ctx.clients.kms.send(
      new CreateKeyCommand({
        Description: str(args, 'description'),
        KeyUsage: str(args, 'key_usage') as KeyUsageType | undefined,
        KeySpec: str(args, 'customer_master_key_spec') as KeySpec | undefined,
        Policy: str(args, 'policy'),
        BypassPolicyLockoutSafetyCheck: bool(args, 'bypass_policy_lockout_safety_check'),
        MultiRegion: bool(args, 'multi_region'),
        Tags: tags && Object.keys(tags).length ? Object.entries(tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })) : undefined,
      }),
    );
    const keyId: string = out.KeyMetadata?.KeyId;
    if (bool(args, 'enable_key_rotation')) await ctx.clients.kms.send(new EnableKeyRotationCommand({ KeyId: keyId }));
    if (bool(args, 'is_enabled') === false) await ctx.clients.kms.send(new DisableKeyCommand({ KeyId: keyId }));
    return {
      arn: out.KeyMetadata?.Arn ?? `arn:${ctx.partition}:kms:${ctx.region}:${ctx.account}:key/${keyId}`,
      id: keyId,
      key_id: keyId,
    };
  },
};
