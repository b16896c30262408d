/**
 * IAM users, their access keys, inline user policies and user permissions boundaries.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html
 * Access keys register in the world's credential store, so requests signed with them act as the user.
 */
import type { User } from '@aws-sdk/client-iam';
import { secretKey, uniqueId } from '../../world/ids.js';
import { str } from '../params.js';
import type { AuthCheck, OperationContext } from '../types.js';
import { accountOf, arnOf, marker, name, path, storeOf, tags } from './common.js';
import { DeleteConflict, EntityAlreadyExists, LimitExceeded, NoSuchEntity, ValidationError } from './errors.js';
import { inlinePolicyOperations } from './inline-policies.js';
import type { IamOperation } from './operation-names.js';
import { findManagedPolicy, groupsOfUser, type UserRecord } from './store.js';

/** What names a user in a request: its name (the caller's when absent) and, for CreateUser, its path. */
interface UserNamed {
  UserName?: string;
  Path?: string;
}

const ACCESS_KEYS_PER_USER = 2;

function userArnFor(ctx: OperationContext, input: UserNamed): string {
  const userName = input.UserName ?? ctx.principal.username ?? '*';
  return storeOf(ctx).users.get(userName)?.Arn ?? arnOf(accountOf(ctx).id, 'user', input.Path ?? '/', userName);
}

function check(action: string) {
  return (ctx: OperationContext, input: UserNamed): AuthCheck => ({ action: `iam:${action}`, resource: userArnFor(ctx, input) });
}

export function getUser(ctx: OperationContext, userName: string): UserRecord {
  const user = storeOf(ctx).users.get(userName);
  if (!user) throw NoSuchEntity(`The user with name ${userName} cannot be found.`);
  return user;
}

export function userShape(u: UserRecord): User {
  const shape: User = { Path: u.Path, UserName: u.UserName, UserId: u.UserId, Arn: u.Arn, CreateDate: u.CreateDate };
  if (u.Tags.length > 0) shape.Tags = u.Tags;
  if (u.PermissionsBoundary) shape.PermissionsBoundary = { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: u.PermissionsBoundary };
  return shape;
}

/** Operations on "the calling user" default UserName to the caller, as IAM does for users signing with their keys. */
function userNameOr(ctx: OperationContext, input: { UserName?: string }): string {
  if (input.UserName !== undefined) return name(input, 'UserName');
  if (ctx.principal.type === 'User' && ctx.principal.username) return ctx.principal.username;
  throw ValidationError('Must specify userName when calling with non-User credentials');
}

const CreateUser: IamOperation<'CreateUser'> = {
  authorize: check('CreateUser'),
  handler(ctx, input) {
    const userName = name(input, 'UserName');
    const userPath = path(input);
    const userTags = tags(input);
    const store = storeOf(ctx);
    if (store.users.has(userName)) throw EntityAlreadyExists(`User with name ${userName} already exists.`);
    const boundary = str('ValidationError', input, 'PermissionsBoundary', { min: 20, max: 2048 });
    if (boundary !== undefined && !findManagedPolicy(ctx.world, boundary)) throw NoSuchEntity(`Scope ARN: ${boundary} does not exist or is not attachable.`);
    const user: UserRecord = {
      UserName: userName,
      UserId: uniqueId('AIDA'),
      Arn: arnOf(accountOf(ctx).id, 'user', userPath, userName),
      Path: userPath,
      CreateDate: ctx.now(),
      Tags: userTags,
      PermissionsBoundary: boundary,
      inline: new Map(),
      attached: new Set(),
    };
    store.users.set(userName, user);
    return { User: userShape(user) };
  },
};

const GetUser: IamOperation<'GetUser'> = {
  authorize: check('GetUser'),
  handler: (ctx, input) => ({ User: userShape(getUser(ctx, userNameOr(ctx, input))) }),
};

const DeleteUser: IamOperation<'DeleteUser'> = {
  authorize: check('DeleteUser'),
  handler(ctx, input) {
    const user = getUser(ctx, name(input, 'UserName'));
    if (user.inline.size > 0) throw DeleteConflict('Cannot delete entity, must delete policies first.');
    if (user.attached.size > 0) throw DeleteConflict('Cannot delete entity, must detach all policies first.');
    if (groupsOfUser(storeOf(ctx), user.UserName).length > 0) throw DeleteConflict('Cannot delete entity, must remove users from group first.');
    if (keysOf(ctx, user).length > 0) throw DeleteConflict('Cannot delete entity, must delete access keys first.');
    storeOf(ctx).users.delete(user.UserName);
    return {};
  },
};

const ListUsers: IamOperation<'ListUsers'> = {
  authorize: (ctx, input) => ({ action: 'iam:ListUsers', resource: arnOf(accountOf(ctx).id, 'user', input.PathPrefix ?? '/', '') }),
  handler(ctx, input) {
    const prefix = str('ValidationError', input, 'PathPrefix') ?? '/';
    const users = [...storeOf(ctx).users.values()].filter((u) => u.Path.startsWith(prefix)).map(userShape);
    const { page, IsTruncated, Marker } = marker(users, input);
    return { Users: page, IsTruncated, Marker };
  },
};

function keysOf(ctx: OperationContext, user: UserRecord) {
  return ctx.world.credentials.list((r) => r.principal.type === 'User' && r.principal.arn === user.Arn && r.sessionToken === undefined);
}

const CreateAccessKey: IamOperation<'CreateAccessKey'> = {
  authorize: check('CreateAccessKey'),
  handler(ctx, input) {
    const user = getUser(ctx, userNameOr(ctx, input));
    if (keysOf(ctx, user).length >= ACCESS_KEYS_PER_USER) {
      throw LimitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${ACCESS_KEYS_PER_USER}`);
    }
    const record = {
      accessKeyId: uniqueId('AKIA'),
      secretAccessKey: secretKey(),
      status: 'Active' as const,
      createDate: ctx.now(),
      principal: { arn: user.Arn, type: 'User' as const, account: accountOf(ctx).id, userId: user.UserId, username: user.UserName },
    };
    ctx.world.credentials.put(record);
    return {
      AccessKey: { UserName: user.UserName, AccessKeyId: record.accessKeyId, Status: 'Active', SecretAccessKey: record.secretAccessKey, CreateDate: record.createDate },
    };
  },
};

const ListAccessKeys: IamOperation<'ListAccessKeys'> = {
  authorize: check('ListAccessKeys'),
  handler(ctx, input) {
    const user = getUser(ctx, userNameOr(ctx, input));
    return {
      AccessKeyMetadata: keysOf(ctx, user).map((k) => ({ UserName: user.UserName, AccessKeyId: k.accessKeyId, Status: k.status ?? 'Active', CreateDate: k.createDate })),
      IsTruncated: false,
    };
  },
};

function findKey(ctx: OperationContext, input: { UserName?: string; AccessKeyId?: string }) {
  const user = getUser(ctx, userNameOr(ctx, input));
  const id = str('ValidationError', input, 'AccessKeyId', { required: true, min: 16, max: 128 });
  const key = keysOf(ctx, user).find((k) => k.accessKeyId === id);
  if (!key) throw NoSuchEntity(`The Access Key with id ${id} cannot be found.`);
  return key;
}

const DeleteAccessKey: IamOperation<'DeleteAccessKey'> = {
  authorize: check('DeleteAccessKey'),
  handler(ctx, input) {
    ctx.world.credentials.delete(findKey(ctx, input).accessKeyId);
    return {};
  },
};

const UpdateAccessKey: IamOperation<'UpdateAccessKey'> = {
  authorize: check('UpdateAccessKey'),
  handler(ctx, input) {
    const key = findKey(ctx, input);
    const status = str('ValidationError', input, 'Status', { required: true, pattern: /^(Active|Inactive)$/, patternText: '[Active, Inactive]' });
    key.status = status === 'Active' ? 'Active' : 'Inactive';
    return {};
  },
};

const PutUserPermissionsBoundary: IamOperation<'PutUserPermissionsBoundary'> = {
  authorize: check('PutUserPermissionsBoundary'),
  handler(ctx, input) {
    const user = getUser(ctx, name(input, 'UserName'));
    const arn = str('ValidationError', input, 'PermissionsBoundary', { required: true, min: 20, max: 2048 });
    if (!findManagedPolicy(ctx.world, arn)) throw NoSuchEntity(`Scope ARN: ${arn} does not exist or is not attachable.`);
    user.PermissionsBoundary = arn;
    return {};
  },
};

const DeleteUserPermissionsBoundary: IamOperation<'DeleteUserPermissionsBoundary'> = {
  authorize: check('DeleteUserPermissionsBoundary'),
  handler(ctx, input) {
    delete getUser(ctx, name(input, 'UserName')).PermissionsBoundary;
    return {};
  },
};

const inline = inlinePolicyOperations('User', check, getUser);

export const userOperations = {
  CreateUser,
  GetUser,
  DeleteUser,
  ListUsers,
  CreateAccessKey,
  ListAccessKeys,
  DeleteAccessKey,
  UpdateAccessKey,
  PutUserPolicy: inline.put,
  GetUserPolicy: inline.get,
  DeleteUserPolicy: inline.del,
  ListUserPolicies: inline.list,
  PutUserPermissionsBoundary,
  DeleteUserPermissionsBoundary,
};
