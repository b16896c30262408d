/**
 * aws_iam_policy_attachment -> IAM AttachUserPolicy / AttachRolePolicy / AttachGroupPolicy for each user, role and
 * group listed (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_policy_attachment).
 * The provider manages the policy's attachments exclusively; on create that means attaching to each entity listed.
 * Deviations: exclusivity (detaching the policy from entities not listed) only matters on update and is not done.
 */
import { AttachGroupPolicyCommand, AttachRolePolicyCommand, AttachUserPolicyCommand } from '@aws-sdk/client-iam';
import { list, reqStr } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsIamPolicyAttachment: ResourceMapper = {
  type: 'aws_iam_policy_attachment',
  schema: { name: 'value', users: 'value', roles: 'value', groups: 'value', policy_arn: 'value' },
  required: ['name', 'policy_arn'],
  computed: ['id'],
  async create(args, ctx) {
    const name = reqStr(args, 'name');
    const PolicyArn = reqStr(args, 'policy_arn');
    for (const UserName of list(args, 'users') ?? []) await ctx.clients.iam.send(new AttachUserPolicyCommand({ UserName, PolicyArn }));
    for (const RoleName of list(args, 'roles') ?? []) await ctx.clients.iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn }));
    for (const GroupName of list(args, 'groups') ?? []) await ctx.clients.iam.send(new AttachGroupPolicyCommand({ GroupName, PolicyArn }));
    return { id: name };
  },
};
