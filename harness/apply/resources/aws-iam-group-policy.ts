/**
 * aws_iam_group_policy -> IAM PutGroupPolicy; id is `group:name` like the provider
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_group_policy).
 * Deviations: none.
 */
import { PutGroupPolicyCommand } from '@aws-sdk/client-iam';
import { nameOrPrefix, reqStr } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsIamGroupPolicy: ResourceMapper = {
  type: 'aws_iam_group_policy',
  schema: { name: 'value', name_prefix: 'value', group: 'value', policy: 'value' },
  required: ['group', 'policy'],
  computed: ['id', 'name'],
  async create(args, ctx) {
    const name = nameOrPrefix(args);
    const group = reqStr(args, 'group');
    await ctx.clients.iam.send(new PutGroupPolicyCommand({ GroupName: group, PolicyName: name, PolicyDocument: reqStr(args, 'policy') }));
    return { id: `${group}:${name}`, name };
  },
};
