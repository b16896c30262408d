/**
 * aws_iam_role_policy -> IAM PutRolePolicy; id is `role:name` like the provider
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_role_policy).
 * Deviations: none.
 */
import { PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { nameOrPrefix, reqStr } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsIamRolePolicy: ResourceMapper = {
  type: 'aws_iam_role_policy',
  schema: { name: 'value', name_prefix: 'value', role: 'value', policy: 'value' },
  required: ['role', 'policy'],
  computed: ['id', 'name'],
  async create(args, ctx) {
    const name = nameOrPrefix(args);
    const role = reqStr(args, 'role');
    await ctx.clients.iam.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: name, PolicyDocument: reqStr(args, 'policy') }));
    return { id: `${role}:${name}`, name };
  },
};
