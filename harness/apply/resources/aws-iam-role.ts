/**
 * aws_iam_role -> IAM CreateRole, then PutRolePolicy per inline_policy and AttachRolePolicy per
 * managed_policy_arns (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_role).
 * Deviations: force_detach_policies only matters on destroy and is ignored.
 */
import { AttachRolePolicyCommand, CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { blocks, list, nameOrPrefix, num, reqStr, str, tagList } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsIamRole: ResourceMapper = {
  type: 'aws_iam_role',
  schema: {
    name: 'value',
    name_prefix: 'value',
    assume_role_policy: 'value',
    description: 'value',
    path: 'value',
    max_session_duration: 'value',
    permissions_boundary: 'value',
    tags: 'value',
    force_detach_policies: 'ignored',
    inline_policy: { block: { name: 'value', policy: 'value' } },
    managed_policy_arns: 'value',
  },
  required: ['assume_role_policy'],
  computed: ['arn', 'id', 'name', 'unique_id', 'create_date'],
  async create(args, ctx) {
    const name = nameOrPrefix(args);
    const out = await ctx.clients.iam.send(
      new CreateRoleCommand({
        RoleName: name,
        AssumeRolePolicyDocument: reqStr(args, 'assume_role_policy'),
        Path: str(args, 'path'),
        Description: str(args, 'description'),
        MaxSessionDuration: num(args, 'max_session_duration'),
        PermissionsBoundary: str(args, 'permissions_boundary'),
        Tags: tagList(args),
      }),
    );
    for (const p of blocks(args, 'inline_policy')) {
      await ctx.clients.iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: reqStr(p, 'name'), PolicyDocument: reqStr(p, 'policy') }));
    }
    for (const arn of list(args, 'managed_policy_arns') ?? []) {
      await ctx.clients.iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: arn }));
    }
    const role = out.Role ?? {};
    return {
      arn: role.Arn ?? `arn:${ctx.partition}:iam::${ctx.account}:role${str(args, 'path') ?? '/'}${name}`,
      id: name,
      name,
      unique_id: role.RoleId ?? null,
      create_date: role.CreateDate instanceof Date ? role.CreateDate.toISOString() : null,
    };
  },
};
