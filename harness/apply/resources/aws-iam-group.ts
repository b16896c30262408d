/**
 * aws_iam_group -> IAM CreateGroup (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_group).
 * Deviations: none.
 */
import { CreateGroupCommand } from '@aws-sdk/client-iam';
import { reqStr, str } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsIamGroup: ResourceMapper = {
  type: 'aws_iam_group',
  schema: { name: 'value', path: 'value' },
  required: ['name'],
  computed: ['arn', 'id', 'unique_id'],
  async create(args, ctx) {
    const name = reqStr(args, 'name');
    const out = await ctx.clients.iam.send(new CreateGroupCommand({ GroupName: name, Path: str(args, 'path') }));
    return {
      arn: out.Group?.Arn ?? `arn:${ctx.partition}:iam::${ctx.account}:group${str(args, 'path') ?? '/'}${name}`,
      id: name,
      unique_id: out.Group?.GroupId ?? null,
    };
  },
};
