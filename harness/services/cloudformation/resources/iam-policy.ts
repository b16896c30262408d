/**
 * AWS::IAM::Policy: an inline policy put on each of Roles, Users and Groups (PutRolePolicy/PutUserPolicy/PutGroupPolicy).
 * Ref returns the generated physical id (AWS returns an id such as "stack-Polic-1ABC2DEF3GHI").
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-policy.html
 * Failure wording: legacy "API: iam:PutRolePolicy …" (errors.jsonl E069 form).
 */
import type { PutGroupPolicyCommandInput, PutRolePolicyCommandInput, PutUserPolicyCommandInput } from '@aws-sdk/client-iam';
import { ResourceInputFailure } from './failure.js';
import type { Properties, ResourceContext, ResourceMapper } from './types.js';
import { document, items, requiredText } from './values.js';

function targets(props: Properties): { roles: string[]; users: string[]; groups: string[] } {
  return { roles: items(props, 'Roles').map(String), users: items(props, 'Users').map(String), groups: items(props, 'Groups').map(String) };
}

async function put(ctx: ResourceContext, props: Properties): Promise<void> {
  const { roles, users, groups } = targets(props);
  if (roles.length + users.length + groups.length === 0) {
    throw new ResourceInputFailure('At least one of [Groups,Roles,Users] must be non-empty.');
  }
  const PolicyName = requiredText(props, 'PolicyName');
  const PolicyDocument = document(props['PolicyDocument']);
  for (const RoleName of roles) await ctx.call('iam', 'PutRolePolicy', { RoleName, PolicyName, PolicyDocument } satisfies PutRolePolicyCommandInput);
  for (const UserName of users) await ctx.call('iam', 'PutUserPolicy', { UserName, PolicyName, PolicyDocument } satisfies PutUserPolicyCommandInput);
  for (const GroupName of groups) await ctx.call('iam', 'PutGroupPolicy', { GroupName, PolicyName, PolicyDocument } satisfies PutGroupPolicyCommandInput);
}

async function remove(ctx: ResourceContext, props: Properties, keep: Properties = {}): Promise<void> {
  const { roles, users, groups } = targets(props);
  const samePolicy = keep['PolicyName'] === props['PolicyName'];
  const kept = samePolicy ? targets(keep) : { roles: [], users: [], groups: [] };
  const PolicyName = requiredText(props, 'PolicyName');
  for (const RoleName of roles) if (!kept.roles.includes(RoleName)) await ctx.call('iam', 'DeleteRolePolicy', { RoleName, PolicyName });
  for (const UserName of users) if (!kept.users.includes(UserName)) await ctx.call('iam', 'DeleteUserPolicy', { UserName, PolicyName });
  for (const GroupName of groups) if (!kept.groups.includes(GroupName)) await ctx.call('iam', 'DeleteGroupPolicy', { GroupName, PolicyName });
}

export const iamPolicy: ResourceMapper = {
  type: 'AWS::IAM::Policy',
  service: 'iam',
  failureStyle: { kind: 'legacy', serviceLabel: 'AmazonIdentityManagement' },
  replaceOn: [],
  required: ['PolicyName', 'PolicyDocument'],
  attributes: ['Id'],
  async create(ctx, props) {
    const physicalId = ctx.generatedName({ max: 128 });
    ctx.created(physicalId);
    await put(ctx, props);
    return { physicalId, attributes: { Id: physicalId } };
  },
  async update(ctx, physicalId, props, previous) {
    await put(ctx, props);
    await remove(ctx, previous, props);
    return { physicalId, attributes: { Id: physicalId } };
  },
  async delete(ctx, _physicalId, props) {
    await remove(ctx, props);
  },
};
