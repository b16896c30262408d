/**
 * aws_iam_role_policy_attachment -> IAM AttachRolePolicy
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_role_policy_attachment).
 * Deviations: the provider's id is `<role>-<timestamp>`; here it is `<role>/<policy_arn>` (stable).
 */
import { AttachRolePolicyCommand } from '@aws-sdk/client-iam';
import { reqStr } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsIamRolePolicyAttachment: ResourceMapper = {
  type: 'aws_iam_role_policy_attachment',
  schema: { role: 'value', policy_arn: 'value' },
  required: ['role', 'policy_arn'],
  computed: ['id'],
  async create(args, ctx) {
    const role = reqStr(args, 'role');
    const policyArn = reqStr(args, 'policy_arn');
    await ctx.clients.iam.send(new AttachRolePolicyCommand({ RoleName: role, PolicyArn: policyArn }));
    return { id: `${role}/${policyArn}` };
  },
};
