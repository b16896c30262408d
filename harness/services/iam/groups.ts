/**
 * IAM groups: CreateGroup, GetGroup (with its users), ListGroups, UpdateGroup, DeleteGroup, AddUserToGroup,
 * RemoveUserFromGroup, ListGroupsForUser and inline group policies; attaching managed policies is in policies.ts.
 * A user's identity-based policies include those of every group it is in (policy-source.ts).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html
 * Wordings: localstack tests/aws/services/iam/test_iam_groups.snapshot.json (recorded against AWS, 2026-02), and
 * "Cannot delete entity, must remove users from group first." as practitioners quote AWS for DeleteGroup and
 * DeleteUser (cited in groups.test.ts).
 * Known deviation: removing a user that is not in the group succeeds and changes nothing; AWS's answer to it was not
 * found recorded.
 */
import type { Group } from '@aws-sdk/client-iam';
import { uniqueId } from '../../world/ids.js';
import { str } from '../params.js';
import type { AuthCheck, OperationContext } from '../types.js';
import { accountOf, arnOf, marker, name, NAME, path, PATH, storeOf } from './common.js';
import { DeleteConflict, EntityAlreadyExists, NoSuchEntity } from './errors.js';
import { inlinePolicyOperations } from './inline-policies.js';
import type { IamOperation } from './operation-names.js';
import { groupsOfUser, type GroupRecord } from './store.js';
import { getUser, userShape } from './users.js';

/** A group name may be up to 128 characters (API_CreateGroup.html, GroupName), unlike a user's or a role's 64. */
export const GROUP_NAME = { ...NAME, max: 128 };

/** What names a group in a request: its name and, for CreateGroup, its path. */
interface GroupNamed {
  GroupName?: string;
  Path?: string;
}

function groupArnFor(ctx: OperationContext, input: GroupNamed): string {
  const groupName = input.GroupName ?? '*';
  return storeOf(ctx).groups.get(groupName)?.Arn ?? arnOf(accountOf(ctx).id, 'group', input.Path ?? '/', groupName);
}

function check(action: string) {
  return (ctx: OperationContext, input: GroupNamed): AuthCheck => ({ action: `iam:${action}`, resource: groupArnFor(ctx, input) });
}

export function getGroup(ctx: OperationContext, groupName: string): GroupRecord {
  const group = storeOf(ctx).groups.get(groupName);
  if (!group) throw NoSuchEntity(`The group with name ${groupName} cannot be found.`);
  return group;
}

function groupShape(g: GroupRecord): Group {
  return { Path: g.Path, GroupName: g.GroupName, GroupId: g.GroupId, Arn: g.Arn, CreateDate: g.CreateDate };
}

const CreateGroup: IamOperation<'CreateGroup'> = {
  authorize: check('CreateGroup'),
  handler(ctx, input) {
    const groupName = name(input, 'GroupName', GROUP_NAME);
    const groupPath = path(input);
    const store = storeOf(ctx);
    if (store.groups.has(groupName)) throw EntityAlreadyExists(`Group with name ${groupName} already exists.`);
    const group: GroupRecord = {
      GroupName: groupName,
      GroupId: uniqueId('AGPA'),
      Arn: arnOf(accountOf(ctx).id, 'group', groupPath, groupName),
      Path: groupPath,
      CreateDate: ctx.now(),
      inline: new Map(),
      attached: new Set(),
      members: new Set(),
    };
    store.groups.set(groupName, group);
    return { Group: groupShape(group) };
  },
};

const GetGroup: IamOperation<'GetGroup'> = {
  authorize: check('GetGroup'),
  handler(ctx, input) {
    const group = getGroup(ctx, name(input, 'GroupName', GROUP_NAME));
    const users = storeOf(ctx).users;
    const members = [...group.members].flatMap((u) => {
      const user = users.get(u);
      return user ? [userShape(user)] : [];
    });
    const { page, IsTruncated, Marker } = marker(members, input);
    return { Group: groupShape(group), Users: page, IsTruncated, Marker };
  },
};

const ListGroups: IamOperation<'ListGroups'> = {
  authorize: (ctx, input) => ({ action: 'iam:ListGroups', resource: arnOf(accountOf(ctx).id, 'group', input.PathPrefix ?? '/', '') }),
  handler(ctx, input) {
    const prefix = str('ValidationError', input, 'PathPrefix') ?? '/';
    const groups = [...storeOf(ctx).groups.values()].filter((g) => g.Path.startsWith(prefix)).map(groupShape);
    const { page, IsTruncated, Marker } = marker(groups, input);
    return { Groups: page, IsTruncated, Marker };
  },
};

const UpdateGroup: IamOperation<'UpdateGroup'> = {
  authorize: check('UpdateGroup'),
  handler(ctx, input) {
    const group = getGroup(ctx, name(input, 'GroupName', GROUP_NAME));
    const newName = str('ValidationError', input, 'NewGroupName', GROUP_NAME);
    const newPath = str('ValidationError', input, 'NewPath', PATH);
    const store = storeOf(ctx);
    if (newName !== undefined && newName !== group.GroupName) {
      if (store.groups.has(newName)) throw EntityAlreadyExists(`Group with name ${newName} already exists.`);
      store.groups.delete(group.GroupName);
      group.GroupName = newName;
      store.groups.set(newName, group);
    }
    if (newPath !== undefined) group.Path = newPath;
    group.Arn = arnOf(accountOf(ctx).id, 'group', group.Path, group.GroupName);
    return {};
  },
};

const DeleteGroup: IamOperation<'DeleteGroup'> = {
  authorize: check('DeleteGroup'),
  handler(ctx, input) {
    const group = getGroup(ctx, name(input, 'GroupName', GROUP_NAME));
    if (group.members.size > 0) throw DeleteConflict('Cannot delete entity, must remove users from group first.');
    if (group.inline.size > 0) throw DeleteConflict('Cannot delete entity, must delete policies first.');
    if (group.attached.size > 0) throw DeleteConflict('Cannot delete entity, must detach all policies first.');
    storeOf(ctx).groups.delete(group.GroupName);
    return {};
  },
};

/** Membership: the user is looked up first, as AWS words a call naming neither (test_remove_user_from_unknown_group). */
function membership(ctx: OperationContext, input: { GroupName?: string; UserName?: string }) {
  const groupName = name(input, 'GroupName', GROUP_NAME);
  const user = getUser(ctx, name(input, 'UserName'));
  return { user, group: getGroup(ctx, groupName) };
}

const AddUserToGroup: IamOperation<'AddUserToGroup'> = {
  authorize: check('AddUserToGroup'),
  handler(ctx, input) {
    const { user, group } = membership(ctx, input);
    group.members.add(user.UserName);
    return {};
  },
};

const RemoveUserFromGroup: IamOperation<'RemoveUserFromGroup'> = {
  authorize: check('RemoveUserFromGroup'),
  handler(ctx, input) {
    const { user, group } = membership(ctx, input);
    group.members.delete(user.UserName);
    return {};
  },
};

const ListGroupsForUser: IamOperation<'ListGroupsForUser'> = {
  authorize: (ctx, input) => {
    const userName = input.UserName ?? '*';
    return { action: 'iam:ListGroupsForUser', resource: storeOf(ctx).users.get(userName)?.Arn ?? arnOf(accountOf(ctx).id, 'user', '/', userName) };
  },
  handler(ctx, input) {
    const user = getUser(ctx, name(input, 'UserName'));
    const { page, IsTruncated, Marker } = marker(groupsOfUser(storeOf(ctx), user.UserName).map(groupShape), input);
    return { Groups: page, IsTruncated, Marker };
  },
};

const inline = inlinePolicyOperations('Group', check, getGroup, getGroup, GROUP_NAME);

export const groupOperations = {
  CreateGroup,
  GetGroup,
  ListGroups,
  UpdateGroup,
  DeleteGroup,
  AddUserToGroup,
  RemoveUserFromGroup,
  ListGroupsForUser,
  PutGroupPolicy: inline.put,
  GetGroupPolicy: inline.get,
  DeleteGroupPolicy: inline.del,
  ListGroupPolicies: inline.list,
};
