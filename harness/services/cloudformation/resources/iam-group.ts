/**
 * AWS::IAM::Group: CreateGroup, inline Policies (PutGroupPolicy), ManagedPolicyArns (AttachGroupPolicy); a Path change
 * is UpdateGroup, a GroupName change replaces the group. Ref returns the group name; Fn::GetAtt Arn.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-group.html
 * Failure wording: legacy "API: iam:CreateGroup …" (errors.jsonl E069 shows the form for iam:CreateRole).
 * Members are not a property of the group: AWS::IAM::User Groups and AWS::IAM::UserToGroupAddition (iam-user-to-group-addition.ts)
 * add them.
 */
import type { CreateGroupCommandInput, CreateGroupCommandOutput, GetGroupCommandOutput, UpdateGroupCommandInput } from '@aws-sdk/client-iam';
import { removePolicies, syncPolicies } from './iam-inline-policies.js';
import type { ResourceMapper } from './types.js';
import { same, text } from './values.js';

export const iamGroup: ResourceMapper = {
  type: 'AWS::IAM::Group',
  service: 'iam',
  failureStyle: { kind: 'legacy', serviceLabel: 'AmazonIdentityManagement' },
  replaceOn: ['GroupName'],
  attributes: ['Arn'],
  async create(ctx, props) {
    const name = text(props, 'GroupName') ?? ctx.generatedName({ max: 128 });
    const out = await ctx.call<CreateGroupCommandOutput>('iam', 'CreateGroup', { GroupName: name, Path: text(props, 'Path') } satisfies CreateGroupCommandInput);
    ctx.created(name);
    await syncPolicies(ctx, 'Group', name, props, {});
    return { physicalId: name, attributes: { Arn: out.Group!.Arn! } };
  },
  async update(ctx, name, props, previous) {
    if (!same(props['Path'], previous['Path'])) {
      await ctx.call('iam', 'UpdateGroup', { GroupName: name, NewPath: text(props, 'Path') ?? '/' } satisfies UpdateGroupCommandInput);
    }
    await syncPolicies(ctx, 'Group', name, props, previous);
    const out = await ctx.call<GetGroupCommandOutput>('iam', 'GetGroup', { GroupName: name });
    return { physicalId: name, attributes: { Arn: out.Group!.Arn! } };
  },
  async delete(ctx, name, props) {
    await removePolicies(ctx, 'Group', name, props);
    await ctx.call('iam', 'DeleteGroup', { GroupName: name });
  },
};
