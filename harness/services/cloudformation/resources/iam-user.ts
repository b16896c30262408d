/**
 * AWS::IAM::User: CreateUser, inline Policies, ManagedPolicyArns, Groups (AddUserToGroup; the user leaves them before
 * DeleteUser, which refuses a member). Ref returns the user name; Fn::GetAtt Arn.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-user.html
 * Failure wording: legacy "API: iam:CreateUser …" (errors.jsonl E069 shows the form for iam:CreateRole).
 * Deviation: LoginProfile is refused (xacct has no console passwords).
 */
import type { CreateUserCommandInput, CreateUserCommandOutput } from '@aws-sdk/client-iam';
import { ResourceInputFailure } from './failure.js';
import { removePolicies, syncPolicies } from './iam-inline-policies.js';
import type { Properties, ResourceContext, ResourceMapper } from './types.js';
import { items, same, tagList, text } from './values.js';

async function syncGroups(ctx: ResourceContext, name: string, props: Properties, previous: Properties): Promise<void> {
  const before = new Set(items(previous, 'Groups').map(String));
  const after = new Set(items(props, 'Groups').map(String));
  for (const GroupName of after) if (!before.has(GroupName)) await ctx.call('iam', 'AddUserToGroup', { GroupName, UserName: name });
  for (const GroupName of before) if (!after.has(GroupName)) await ctx.call('iam', 'RemoveUserFromGroup', { GroupName, UserName: name });
}

export const iamUser: ResourceMapper = {
  type: 'AWS::IAM::User',
  service: 'iam',
  failureStyle: { kind: 'legacy', serviceLabel: 'AmazonIdentityManagement' },
  replaceOn: ['UserName', 'Path'],
  attributes: ['Arn'],
  async create(ctx, props) {
    if (props['LoginProfile'] !== undefined) throw new ResourceInputFailure('AWS::IAM::User LoginProfile is not supported by xacct');
    const name = text(props, 'UserName') ?? ctx.generatedName({ max: 64 });
    const out = await ctx.call<CreateUserCommandOutput>('iam', 'CreateUser', {
      UserName: name,
      Path: text(props, 'Path'),
      PermissionsBoundary: text(props, 'PermissionsBoundary'),
      Tags: tagList(props),
    } satisfies CreateUserCommandInput);
    ctx.created(name);
    await syncPolicies(ctx, 'User', name, props, {});
    await syncGroups(ctx, name, props, {});
    return { physicalId: name, attributes: { Arn: out.User!.Arn! } };
  },
  async update(ctx, name, props, previous) {
    if (!same(props['PermissionsBoundary'], previous['PermissionsBoundary'])) {
      const boundary = text(props, 'PermissionsBoundary');
      if (boundary) await ctx.call('iam', 'PutUserPermissionsBoundary', { UserName: name, PermissionsBoundary: boundary });
      else await ctx.call('iam', 'DeleteUserPermissionsBoundary', { UserName: name });
    }
    await syncPolicies(ctx, 'User', name, props, previous);
    await syncGroups(ctx, name, props, previous);
    const out = await ctx.call<CreateUserCommandOutput>('iam', 'GetUser', { UserName: name });
    return { physicalId: name, attributes: { Arn: out.User!.Arn! } };
  },
  async delete(ctx, name, props) {
    await removePolicies(ctx, 'User', name, props);
    await syncGroups(ctx, name, {}, props);
    await ctx.call('iam', 'DeleteUser', { UserName: name });
  },
};
