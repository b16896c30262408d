/**
 * AWS::KMS::Key: CreateKey with KeyPolicy (the default key policy when absent), DisableKey when Enabled is
 * false; deletion schedules the key for deletion (PendingWindowInDays, default 30). Ref returns the key id;
 * Fn::GetAtt Arn and KeyId.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-kms-key.html
 * Failure wording: registry handler "Resource handler returned message: \"… (Service: Kms, Status Code: 400, …)\"
 * (RequestToken: …, HandlerErrorCode: …)" (errors.jsonl E081).
 * Deviations: EnableKeyRotation and Origin are not modelled (rotation is accepted and ignored).
 */
import type { CreateKeyCommandOutput } from '@aws-sdk/client-kms';
import type { Properties, ResourceContext, ResourceMapper } from './types.js';
import { document, flag, items, same, text } from './values.js';
import type { TemplateValue } from '../template/index.js';

function kmsTags(props: Properties) {
  return items<Record<string, TemplateValue>>(props, 'Tags').map((t) => ({ TagKey: String(t['Key']), TagValue: String(t['Value'] ?? '') }));
}

async function setEnabled(ctx: ResourceContext, keyId: string, enabled: boolean): Promise<void> {
  await ctx.call('kms', enabled ? 'EnableKey' : 'DisableKey', { KeyId: keyId });
}

export const kmsKey: ResourceMapper = {
  type: 'AWS::KMS::Key',
  service: 'kms',
  failureStyle: { kind: 'handler', serviceLabel: 'Kms' },
  replaceOn: ['KeySpec', 'KeyUsage', 'MultiRegion', 'Origin'],
  attributes: ['Arn', 'KeyId'],
  async create(ctx, props) {
    const out = await ctx.call<CreateKeyCommandOutput>('kms', 'CreateKey', {
      Policy: document(props['KeyPolicy']),
      Description: text(props, 'Description'),
      KeyUsage: text(props, 'KeyUsage'),
      KeySpec: text(props, 'KeySpec'),
      MultiRegion: flag(props['MultiRegion']),
      BypassPolicyLockoutSafetyCheck: flag(props['BypassPolicyLockoutSafetyCheck']),
      ...(kmsTags(props).length > 0 ? { Tags: kmsTags(props) } : {}),
    });
    const meta = out.KeyMetadata!;
    ctx.created(meta.KeyId!);
    if (flag(props['Enabled']) === false) await setEnabled(ctx, meta.KeyId!, false);
    return { physicalId: meta.KeyId!, attributes: { Arn: meta.Arn!, KeyId: meta.KeyId! } };
  },
  async update(ctx, keyId, props, previous) {
    if (!same(props['KeyPolicy'], previous['KeyPolicy']) && props['KeyPolicy'] !== undefined) {
      await ctx.call('kms', 'PutKeyPolicy', {
        KeyId: keyId,
        PolicyName: 'default',
        Policy: document(props['KeyPolicy']),
        BypassPolicyLockoutSafetyCheck: flag(props['BypassPolicyLockoutSafetyCheck']),
      });
    }
    const enabled = flag(props['Enabled']) ?? true;
    if (enabled !== (flag(previous['Enabled']) ?? true)) await setEnabled(ctx, keyId, enabled);
    const out = await ctx.call<CreateKeyCommandOutput>('kms', 'DescribeKey', { KeyId: keyId });
    return { physicalId: keyId, attributes: { Arn: out.KeyMetadata!.Arn!, KeyId: keyId } };
  },
  async delete(ctx, keyId, props) {
    const days = text(props, 'PendingWindowInDays');
    await ctx.call('kms', 'ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: days === undefined ? 30 : Number(days) });
  },
};
