/**
 * aws_iam_user -> IAM CreateUser (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_user).
 * Deviations: force_destroy only matters on destroy and is ignored.
 */
import { CreateUserCommand } from '@aws-sdk/client-iam';
import { reqStr, str, tagList } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsIamUser: ResourceMapper = {
  type: 'aws_iam_user',
  schema: { name: 'value', path: 'value', permissions_boundary: 'value', tags: 'value', force_destroy: 'ignored' },
  required: ['name'],
  computed: ['arn', 'id', 'unique_id'],
  async create(args, ctx) {
    const name = reqStr(args, 'name');
    const out = await ctx.clients.iam.send(
      new CreateUserCommand({ UserName: name, Path: str(args, 'path'), PermissionsBoundary: str(args, 'permissions_boundary'), Tags: tagList(args) }),
    );
    return {
      arn: out.User?.Arn ?? `arn:${ctx.partition}:iam::${ctx.account}:user${str(args, 'path') ?? '/'}${name}`,
      id: name,
      unique_id: out.User?.UserId ?? null,
    };
  },
};
