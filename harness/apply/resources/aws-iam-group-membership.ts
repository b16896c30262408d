/**
 * aws_iam_group_membership -> IAM AddUserToGroup for each user listed; id is the resource's name like the provider
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_group_membership).
 * Deviations: the provider manages the group's members exclusively; removing members not listed only matters on
 * update and is not done.
 */
import { AddUserToGroupCommand } from '@aws-sdk/client-iam';
import { list, reqStr } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsIamGroupMembership: ResourceMapper = {
  type: 'aws_iam_group_membership',
  schema: { name: 'value', users: 'value', group: 'value' },
  required: ['name', 'users', 'group'],
  computed: ['id'],
  async create(args, ctx) {
    const GroupName = reqStr(args, 'group');
    for (const UserName of list(args, 'users') ?? []) await ctx.clients.iam.send(new AddUserToGroupCommand({ GroupName, UserName }));
    return { id: reqStr(args, 'name') };
  },
};
