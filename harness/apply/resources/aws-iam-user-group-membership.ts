/**
 * aws_iam_user_group_membership -> IAM AddUserToGroup for each group listed
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_user_group_membership).
 * Deviations: the provider's id is a generated unique id; here it is `<user>/<groups joined by />` (stable).
 */
import { AddUserToGroupCommand } from '@aws-sdk/client-iam';
import { list, reqStr } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsIamUserGroupMembership: ResourceMapper = {
  type: 'aws_iam_user_group_membership',
  schema: { user: 'value', groups: 'value' },
  required: ['user', 'groups'],
  computed: ['id'],
  async create(args, ctx) {
    const UserName = reqStr(args, 'user');
    const groups = list(args, 'groups') ?? [];
    for (const GroupName of groups) await ctx.clients.iam.send(new AddUserToGroupCommand({ GroupName, UserName }));
    return { id: [UserName, ...groups].join('/') };
  },
};
