/**
 * AWS::IAM::ManagedPolicy: CreatePolicy, then attach to Roles, Users and Groups; an update of PolicyDocument creates a
 * new default version (deleting the oldest when five exist). Ref returns the policy ARN; Fn::GetAtt PolicyArn.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-managedpolicy.html
 * Failure wording: legacy "API: iam:CreatePolicy …" (errors.jsonl E069 form).
 */
import type { CreatePolicyCommandInput, CreatePolicyCommandOutput, CreatePolicyVersionCommandInput, ListPolicyVersionsCommandOutput } from '@aws-sdk/client-iam';
import type { Properties, ResourceContext, ResourceMapper } from './types.js';
import { document, items, same, text } from './values.js';

type Kind = 'Role' | 'User' | 'Group';

function attachments(props: Properties): Array<[Kind, string]> {
  return [
    ...items(props, 'Roles').map((r) => ['Role', String(r)] as [Kind, string]),
    ...items(props, 'Users').map((u) => ['User', String(u)] as [Kind, string]),
    ...items(props, 'Groups').map((g) => ['Group', String(g)] as [Kind, string]),
  ];
}

async function syncAttachments(ctx: ResourceContext, arn: string, props: Properties, previous: Properties): Promise<void> {
  const key = ([k, n]: [Kind, string]) => `${k}:${n}`;
  const before = new Map(attachments(previous).map((a) => [key(a), a]));
  const after = new Map(attachments(props).map((a) => [key(a), a]));
  for (const [k, [kind, name]] of after) {
    if (!before.has(k)) await ctx.call('iam', `Attach${kind}Policy`, { [`${kind}Name`]: name, PolicyArn: arn });
  }
  for (const [k, [kind, name]] of before) {
    if (!after.has(k)) await ctx.call('iam', `Detach${kind}Policy`, { [`${kind}Name`]: name, PolicyArn: arn });
  }
}

async function versions(ctx: ResourceContext, arn: string) {
  const out = await ctx.call<ListPolicyVersionsCommandOutput>('iam', 'ListPolicyVersions', { PolicyArn: arn });
  return out.Versions ?? [];
}

export const iamManagedPolicy: ResourceMapper = {
  type: 'AWS::IAM::ManagedPolicy',
  service: 'iam',
  failureStyle: { kind: 'legacy', serviceLabel: 'AmazonIdentityManagement' },
  replaceOn: ['ManagedPolicyName', 'Path', 'Description'],
  required: ['PolicyDocument'],
  attributes: ['PolicyArn'],
  async create(ctx, props) {
    const out = await ctx.call<CreatePolicyCommandOutput>('iam', 'CreatePolicy', {
      PolicyName: text(props, 'ManagedPolicyName') ?? ctx.generatedName({ max: 128 }),
      Path: text(props, 'Path'),
      Description: text(props, 'Description'),
      PolicyDocument: document(props['PolicyDocument']),
    } satisfies CreatePolicyCommandInput);
    const arn = out.Policy!.Arn!;
    ctx.created(arn);
    await syncAttachments(ctx, arn, props, {});
    return { physicalId: arn, attributes: { PolicyArn: arn } };
  },
  async update(ctx, arn, props, previous) {
    if (!same(props['PolicyDocument'], previous['PolicyDocument'])) {
      const existing = await versions(ctx, arn);
      if (existing.length >= 5) {
        const oldest = existing.filter((v) => !v.IsDefaultVersion).sort((a, b) => String(a.VersionId).localeCompare(String(b.VersionId), undefined, { numeric: true }))[0];
        if (oldest) await ctx.call('iam', 'DeletePolicyVersion', { PolicyArn: arn, VersionId: oldest.VersionId });
      }
      const version = { PolicyArn: arn, PolicyDocument: document(props['PolicyDocument']), SetAsDefault: true } satisfies CreatePolicyVersionCommandInput;
      await ctx.call('iam', 'CreatePolicyVersion', version);
    }
    await syncAttachments(ctx, arn, props, previous);
    return { physicalId: arn, attributes: { PolicyArn: arn } };
  },
  async delete(ctx, arn, props) {
    await syncAttachments(ctx, arn, {}, props);
    for (const v of await versions(ctx, arn)) {
      if (!v.IsDefaultVersion) await ctx.call('iam', 'DeletePolicyVersion', { PolicyArn: arn, VersionId: v.VersionId });
    }
    await ctx.call('iam', 'DeletePolicy', { PolicyArn: arn });
  },
};
