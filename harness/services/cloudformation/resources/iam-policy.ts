/**
 * AWS::IAM::Policy: an inline policy put on each of Roles and Users (PutRolePolicy/PutUserPolicy).
 * Ref returns the generated physical id (AWS returns an id such as "stack-Polic-1ABC2DEF3GHI").
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-policy.html
 * Failure wording: legacy "API: iam:PutRolePolicy …" (errors.jsonl E069 form).
 * Deviation: Groups are refused (xacct has no IAM groups).
 */
import type { PutRolePolicyCommandInput, PutUserPolicyCommandInput } from '@aws-sdk/client-iam';
import { ResourceInputFailure } from './failure.js';
import type { Properties, ResourceContext, ResourceMapper } from './types.js';
import { document, items, requiredText } from './values.js';

function targets(props: Properties): { roles: string[]; users: string[] } {
  if (items(props, 'Groups').length > 0) throw new ResourceInputFailure('AWS::IAM::Policy Groups are not supported by xacct');
  return { roles: items(props, 'Roles').map(String), users: items(props, 'Users').map(String) };
}

async function put(ctx: ResourceContext, props: Properties): Promise<void> {
  const { roles, users } = targets(props);
  if (roles.length + users.length === 0) {
    throw new ResourceInputFailure('At least one of [Groups,Roles,Users] must be non-empty.');
  }
  const PolicyName = requiredText(props, 'PolicyName');
  const PolicyDocument = document(props['PolicyDocument']);
  for (const RoleName of roles) await ctx.call('iam', 'PutRolePolicy', { RoleName, PolicyName, PolicyDocument } satisfies PutRolePolicyCommandInput);
  for (const UserName of users) await ctx.call('iam', 'PutUserPolicy', { UserName, PolicyName, PolicyDocument } satisfies PutUserPolicyCommandInput);
}

async function remove(ctx: ResourceContext, props: Properties, keep: Properties = {}): Promise<void> {
  const { roles, users } = targets(props);
  const samePolicy = keep['PolicyName'] === props['PolicyName'];
  const kept = samePolicy ? targets(keep) : { roles: [], users: [] };
  const PolicyName = requiredText(props, 'PolicyName');
  for (const RoleName of roles) if (!kept.roles.includes(RoleName)) await ctx.call('iam', 'DeleteRolePolicy', { RoleName, PolicyName });
  for (const UserName of users) if (!kept.users.includes(UserName)) await ctx.call('iam', 'DeleteUserPolicy', { UserName, PolicyName });
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
