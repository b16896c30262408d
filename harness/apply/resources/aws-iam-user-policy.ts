/**
 * aws_iam_user_policy -> IAM PutUserPolicy; id is `user:name` like the provider
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_user_policy).
 * Deviations: none.
 */
import { PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { nameOrPrefix, reqStr } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsIamUserPolicy: ResourceMapper = {
  type: 'aws_iam_user_policy',
  schema: { name: 'value', name_prefix: 'value', user: 'value', policy: 'value' },
  required: ['user', 'policy'],
  computed: ['id', 'name'],
  async create(args, ctx) {
    const name = nameOrPrefix(args);
    const user = reqStr(args, 'user');
    await ctx.clients.iam.send(new PutUserPolicyCommand({ UserName: user, PolicyName: name, PolicyDocument: reqStr(args, 'policy') }));
    return { id: `${user}:${name}`, name };
  },
};
