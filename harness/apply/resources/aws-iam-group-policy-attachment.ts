/**
 * aws_iam_group_policy_attachment -> IAM AttachGroupPolicy
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_group_policy_attachment).
 * Deviations: the provider's id is `<group>-<timestamp>`; here it is `<group>/<policy_arn>` (stable).
 */
import { AttachGroupPolicyCommand } from '@aws-sdk/client-iam';
import { reqStr } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsIamGroupPolicyAttachment: ResourceMapper = {
  type: 'aws_iam_group_policy_attachment',
  schema: { group: 'value', policy_arn: 'value' },
  required: ['group', 'policy_arn'],
  computed: ['id'],
  async create(args, ctx) {
    const group = reqStr(args, 'group');
    const policyArn = reqStr(args, 'policy_arn');
    await ctx.clients.iam.send(new AttachGroupPolicyCommand({ GroupName: group, PolicyArn: policyArn }));
    return { id: `${group}/${policyArn}` };
  },
};
