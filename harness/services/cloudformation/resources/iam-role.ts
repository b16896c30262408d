/**
 * AWS::IAM::Role: CreateRole, inline Policies (PutRolePolicy), ManagedPolicyArns (AttachRolePolicy).
 * Ref returns the role name; Fn::GetAtt Arn and RoleId.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html
 * Failure wording: legacy "API: iam:CreateRole User: … is not authorized …" (errors.jsonl E069); a role refused for
 * its tags (iam:TagRole) in the handler's tagging words (taggingFailure).
 * Deviations: RoleName/Path changes replace the role (as AWS); instance profiles are not created.
 */
import type { CreateRoleCommandInput, CreateRoleCommandOutput, UpdateRoleCommandInput } from '@aws-sdk/client-iam';
import { isAwsError } from '../../../core/errors.js';
import { ResourceCallFailure, ResourceInputFailure } from './failure.js';
import { removePolicies, syncPolicies } from './iam-inline-policies.js';
import type { Provisioned, ResourceContext, ResourceMapper } from './types.js';
import { document, integer, same, tagList, text } from './values.js';

function provisioned(role: NonNullable<CreateRoleCommandOutput['Role']>): Provisioned {
  return { physicalId: role.RoleName!, attributes: { Arn: role.Arn!, RoleId: role.RoleId! } };
}

async function getRole(ctx: ResourceContext, name: string): Promise<Provisioned> {
  const out = await ctx.call<CreateRoleCommandOutput>('iam', 'GetRole', { RoleName: name });
  return provisioned(out.Role!);
}

/**
 * A role refused for its tags (iam:TagRole) fails as CloudFormation's handler words it since 2025 (brefphp/bref#2028:
 * `Resource handler returned message: "Encountered a permissions error performing a tagging operation, please add
 * required tag permissions. See https://repost.aws/knowledge-center/cloudformation-tagging-permission-error for how
 * to resolve. Resource handler returned message: "User: … is not authorized to perform: iam:TagRole on resource: …
 * because no identity-based policy allows the iam:TagRole action`); the quote ends there, so what AWS appends after
 * IAM's message is not known and xacct closes the two quotes.
 */
function taggingFailure(e: unknown): ResourceInputFailure | undefined {
  const err = e instanceof ResourceCallFailure ? e.error : undefined;
  if (!isAwsError(err) || err.code !== 'AccessDenied' || !err.message.includes('perform: iam:TagRole ')) return undefined;
  return new ResourceInputFailure(
    'Resource handler returned message: "Encountered a permissions error performing a tagging operation, please add required tag permissions. ' +
      `See https://repost.aws/knowledge-center/cloudformation-tagging-permission-error for how to resolve. Resource handler returned message: "${err.message}""`,
  );
}

export const iamRole: ResourceMapper = {
  type: 'AWS::IAM::Role',
  service: 'iam',
  failureStyle: { kind: 'legacy', serviceLabel: 'AmazonIdentityManagement' },
  replaceOn: ['RoleName', 'Path'],
  required: ['AssumeRolePolicyDocument'],
  attributes: ['Arn', 'RoleId'],
  async create(ctx, props) {
    const name = text(props, 'RoleName') ?? ctx.generatedName({ max: 64 });
    const out = await ctx
      .call<CreateRoleCommandOutput>('iam', 'CreateRole', {
        RoleName: name,
        Path: text(props, 'Path'),
        AssumeRolePolicyDocument: document(props['AssumeRolePolicyDocument']),
        Description: text(props, 'Description'),
        MaxSessionDuration: integer(props, 'MaxSessionDuration'),
        PermissionsBoundary: text(props, 'PermissionsBoundary'),
        Tags: tagList(props),
      } satisfies CreateRoleCommandInput)
      .catch((e: unknown) => {
        throw taggingFailure(e) ?? e;
      });
    ctx.created(name);
    await syncPolicies(ctx, 'Role', name, props, {});
    return provisioned(out.Role!);
  },
  async update(ctx, name, props, previous) {
    if (!same(props['AssumeRolePolicyDocument'], previous['AssumeRolePolicyDocument'])) {
      await ctx.call('iam', 'UpdateAssumeRolePolicy', { RoleName: name, PolicyDocument: document(props['AssumeRolePolicyDocument']) });
    }
    if (!same(props['Description'], previous['Description']) || !same(props['MaxSessionDuration'], previous['MaxSessionDuration'])) {
      const update = { RoleName: name, Description: text(props, 'Description') ?? '', MaxSessionDuration: integer(props, 'MaxSessionDuration') } satisfies UpdateRoleCommandInput;
      await ctx.call('iam', 'UpdateRole', update);
    }
    if (!same(props['PermissionsBoundary'], previous['PermissionsBoundary'])) {
      const boundary = text(props, 'PermissionsBoundary');
      if (boundary) await ctx.call('iam', 'PutRolePermissionsBoundary', { RoleName: name, PermissionsBoundary: boundary });
      else await ctx.call('iam', 'DeleteRolePermissionsBoundary', { RoleName: name });
    }
    await syncPolicies(ctx, 'Role', name, props, previous);
    return getRole(ctx, name);
  },
  async delete(ctx, name, props) {
    await removePolicies(ctx, 'Role', name, props);
    await ctx.call('iam', 'DeleteRole', { RoleName: name });
  },
};

