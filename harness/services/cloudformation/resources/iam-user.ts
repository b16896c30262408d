/**
 * AWS::IAM::User: CreateUser, inline Policies, ManagedPolicyArns. Ref returns the user name; Fn::GetAtt Arn.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-user.html
 * Failure wording: legacy "API: iam:CreateUser …" (errors.jsonl E069 shows the form for iam:CreateRole).
 * Deviations: Groups and LoginProfile are refused (xacct has no groups or console passwords).
 */
import type { CreateUserCommandInput, CreateUserCommandOutput } from '@aws-sdk/client-iam';
import { ResourceInputFailure } from './failure.js';
import { removePolicies, syncPolicies } from './iam-inline-policies.js';
import type { ResourceMapper } from './types.js';
import { items, same, tagList, text } from './values.js';

export const iamUser: ResourceMapper = {
  type: 'AWS::IAM::User',
  service: 'iam',
  failureStyle: { kind: 'legacy', serviceLabel: 'AmazonIdentityManagement' },
  replaceOn: ['UserName', 'Path'],
  attributes: ['Arn'],
  async create(ctx, props) {
    if (items(props, 'Groups').length > 0 || props['LoginProfile'] !== undefined) {
      throw new ResourceInputFailure('AWS::IAM::User Groups and LoginProfile are not supported by xacct');
    }
    const name = text(props, 'UserName') ?? ctx.generatedName({ max: 64 });
    const out = await ctx.call<CreateUserCommandOutput>('iam', 'CreateUser', {
      UserName: name,
      Path: text(props, 'Path'),
      PermissionsBoundary: text(props, 'PermissionsBoundary'),
      Tags: tagList(props),
    } satisfies CreateUserCommandInput);
    ctx.created(name);
    await syncPolicies(ctx, 'User', name, props, {});
    return { physicalId: name, attributes: { Arn: out.User!.Arn! } };
  },
  async update(ctx, name, props, previous) {
    if (!same(props['PermissionsBoundary'], previous['PermissionsBoundary'])) {
      const boundary = text(props, 'PermissionsBoundary');
      if (boundary) await ctx.call('iam', 'PutUserPermissionsBoundary', { UserName: name, PermissionsBoundary: boundary });
      else await ctx.call('iam', 'DeleteUserPermissionsBoundary', { UserName: name });
    }
    await syncPolicies(ctx, 'User', name, props, previous);
    const out = await ctx.call<CreateUserCommandOutput>('iam', 'GetUser', { UserName: name });
    return { physicalId: name, attributes: { Arn: out.User!.Arn! } };
  },
  async delete(ctx, name, props) {
    await removePolicies(ctx, 'User', name, props);
    await ctx.call('iam', 'DeleteUser', { UserName: name });
  },
};
