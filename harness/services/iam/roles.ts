/**
 * IAM role operations: CreateRole, GetRole, DeleteRole, ListRoles, UpdateAssumeRolePolicy, UpdateRole,
 * TagRole, UntagRole, ListRoleTags, inline role policies and role permissions boundaries.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_Operations.html
 * Known deviation: CreateUser and CreatePolicy with tags do not check iam:TagUser / iam:TagPolicy as CreateRole checks
 * iam:TagRole.
 */
import type { Role } from '@aws-sdk/client-iam';
import { uniqueId } from '../../world/ids.js';
import { constraintError } from '../param-errors.js';
import { int, str } from '../params.js';
import type { AuthCheck, OperationContext } from '../types.js';
import { accountOf, arnOf, checkDocument, encodeDoc, marker, name, path, storeOf, tags } from './common.js';
import { DeleteConflict, EntityAlreadyExists, NoSuchEntity, UnmodifiableEntity } from './errors.js';
import { inlinePolicyOperations } from './inline-policies.js';
import type { IamOperation } from './operation-names.js';
import { findManagedPolicy, type RoleRecord } from './store.js';

/** What names a role in a request: its name and, for CreateRole, its path. */
interface RoleNamed {
  RoleName?: string;
  Path?: string;
}

/** The role's ARN, or for CreateRole the ARN it will have (its Path included, as AWS names it in a denial). */
function roleArnFor(ctx: OperationContext, input: RoleNamed): string {
  const roleName = input.RoleName ?? '*';
  const existing = storeOf(ctx).roles.get(roleName);
  return existing?.Arn ?? arnOf(accountOf(ctx).id, 'role', input.Path ?? '/', roleName);
}

function check(action: string) {
  return (ctx: OperationContext, input: RoleNamed): AuthCheck => ({ action: `iam:${action}`, resource: roleArnFor(ctx, input) });
}

export function getRole(ctx: OperationContext, roleName: string): RoleRecord {
  const role = storeOf(ctx).roles.get(roleName);
  if (!role) throw NoSuchEntity(`The role with name ${roleName} cannot be found.`);
  return role;
}

/** Paths of roles AWS creates and owns in a customer's account, which the customer can read but not change. */
const AWS_OWNED_PATHS = ['/aws-reserved/', '/aws-service-role/'];

/** A role the caller means to change: one AWS owns is refused as AWS refuses it, whatever the caller's policies say. */
export function modifiableRole(ctx: OperationContext, roleName: string): RoleRecord {
  const role = getRole(ctx, roleName);
  if (AWS_OWNED_PATHS.some((p) => role.Path.startsWith(p))) throw UnmodifiableEntity(role.RoleName);
  return role;
}

export function roleShape(r: RoleRecord): Role {
  const shape: Role = {
    Path: r.Path,
    RoleName: r.RoleName,
    RoleId: r.RoleId,
    Arn: r.Arn,
    CreateDate: r.CreateDate,
    AssumeRolePolicyDocument: encodeDoc(r.AssumeRolePolicyDocument),
    MaxSessionDuration: r.MaxSessionDuration,
  };
  if (r.Description !== undefined) shape.Description = r.Description;
  if (r.Tags.length > 0) shape.Tags = r.Tags;
  if (r.PermissionsBoundary) shape.PermissionsBoundary = { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: r.PermissionsBoundary };
  return shape;
}

function boundaryArn(ctx: OperationContext, input: { PermissionsBoundary?: string }): string | undefined {
  const arn = str('ValidationError', input, 'PermissionsBoundary', { min: 20, max: 2048 });
  if (arn !== undefined && !findManagedPolicy(ctx.world, arn)) {
    throw NoSuchEntity(`Scope ARN: ${arn} does not exist or is not attachable.`);
  }
  return arn;
}

const CreateRole: IamOperation<'CreateRole'> = {
  // A role created with tags is tagged by the same call, which needs iam:TagRole too: AWS refuses it in TagRole's
  // words ("… is not authorized to perform: iam:TagRole on resource: <the role> because no identity-based policy
  // allows the iam:TagRole action", quoted from a CloudFormation AWS::IAM::Role failure in brefphp/bref#2028, 2025;
  // CloudFormation retried such a role without its tags until 2025: cloudformation-coverage-roadmap#1859).
  authorize: (ctx, input) => (input.Tags?.length ? [check('CreateRole')(ctx, input), check('TagRole')(ctx, input)] : check('CreateRole')(ctx, input)),
  handler(ctx, input) {
    const roleName = name(input, 'RoleName');
    const rolePath = path(input);
    const doc = str('ValidationError', input, 'AssumeRolePolicyDocument', { required: true, min: 1, max: 131072 });
    const roleTags = tags(input);
    const store = storeOf(ctx);
    if (store.roles.has(roleName)) throw EntityAlreadyExists(`Role with name ${roleName} already exists.`);
    checkDocument(ctx, doc, 'trust');
    const role: RoleRecord = {
      RoleName: roleName,
      RoleId: uniqueId('AROA'),
      Arn: arnOf(accountOf(ctx).id, 'role', rolePath, roleName),
      Path: rolePath,
      CreateDate: ctx.now(),
      AssumeRolePolicyDocument: doc,
      Description: str('ValidationError', input, 'Description', { max: 1000 }),
      MaxSessionDuration: int('ValidationError', input, 'MaxSessionDuration', { min: 3600, max: 43200 }) ?? 3600,
      Tags: roleTags,
      PermissionsBoundary: boundaryArn(ctx, input),
      inline: new Map(),
      attached: new Set(),
    };
    store.roles.set(roleName, role);
    // AWS's CreateRole answer leaves MaxSessionDuration (and RoleLastUsed) out; GetRole and ListRoles carry it
    // (localstack/localstack tests/aws/services/iam/test_iam_roles.snapshot.json, test_create_role_defaults).
    const { MaxSessionDuration: _omitted, ...created } = roleShape(role);
    return { Role: created };
  },
};

const GetRole: IamOperation<'GetRole'> = {
  authorize: check('GetRole'),
  handler: (ctx, input) => ({ Role: { ...roleShape(getRole(ctx, name(input, 'RoleName'))), RoleLastUsed: {} } }),
};

const DeleteRole: IamOperation<'DeleteRole'> = {
  authorize: check('DeleteRole'),
  handler(ctx, input) {
    const role = modifiableRole(ctx, name(input, 'RoleName'));
    if (role.inline.size > 0) throw DeleteConflict('Cannot delete entity, must delete policies first.');
    if (role.attached.size > 0) throw DeleteConflict('Cannot delete entity, must detach all policies first.');
    storeOf(ctx).roles.delete(role.RoleName);
    return {};
  },
};

const ListRoles: IamOperation<'ListRoles'> = {
  // AWS names the path prefix as the resource: "on resource: arn:aws:iam::<acct>:role/" (see enforcement.test.ts).
  authorize: (ctx, input) => ({ action: 'iam:ListRoles', resource: arnOf(accountOf(ctx).id, 'role', input.PathPrefix ?? '/', '') }),
  handler(ctx, input) {
    const prefix = str('ValidationError', input, 'PathPrefix') ?? '/';
    const roles = [...storeOf(ctx).roles.values()].filter((r) => r.Path.startsWith(prefix)).map(roleShape);
    const { page, IsTruncated, Marker } = marker(roles, input);
    return { Roles: page.map(({ Tags: _t, PermissionsBoundary: _b, ...r }) => r), IsTruncated, Marker };
  },
};

const UpdateAssumeRolePolicy: IamOperation<'UpdateAssumeRolePolicy'> = {
  authorize: check('UpdateAssumeRolePolicy'),
  handler(ctx, input) {
    const role = modifiableRole(ctx, name(input, 'RoleName'));
    const doc = str('ValidationError', input, 'PolicyDocument', { required: true, min: 1, max: 131072 });
    checkDocument(ctx, doc, 'trust');
    role.AssumeRolePolicyDocument = doc;
    return {};
  },
};

const UpdateRole: IamOperation<'UpdateRole'> = {
  authorize: check('UpdateRole'),
  handler(ctx, input) {
    const role = modifiableRole(ctx, name(input, 'RoleName'));
    const description = str('ValidationError', input, 'Description', { max: 1000 });
    const max = int('ValidationError', input, 'MaxSessionDuration', { min: 3600, max: 43200 });
    if (description !== undefined) role.Description = description;
    if (max !== undefined) role.MaxSessionDuration = max;
    return {};
  },
};

const TagRole: IamOperation<'TagRole'> = {
  authorize: check('TagRole'),
  handler(ctx, input) {
    const roleName = name(input, 'RoleName');
    const requested = tags(input);
    const role = getRole(ctx, roleName);
    for (const t of requested) {
      role.Tags = role.Tags.filter((x) => x.Key !== t.Key);
      role.Tags.push(t);
    }
    return {};
  },
};

const UntagRole: IamOperation<'UntagRole'> = {
  authorize: check('UntagRole'),
  handler(ctx, input) {
    const role = getRole(ctx, name(input, 'RoleName'));
    const keys = new Set(input.TagKeys);
    role.Tags = role.Tags.filter((t) => !keys.has(t.Key));
    return {};
  },
};

const ListRoleTags: IamOperation<'ListRoleTags'> = {
  authorize: check('ListRoleTags'),
  handler: (ctx, input) => ({ Tags: getRole(ctx, name(input, 'RoleName')).Tags, IsTruncated: false }),
};

const PutRolePermissionsBoundary: IamOperation<'PutRolePermissionsBoundary'> = {
  authorize: check('PutRolePermissionsBoundary'),
  handler(ctx, input) {
    const role = modifiableRole(ctx, name(input, 'RoleName'));
    const arn = boundaryArn(ctx, input);
    if (!arn) throw constraintError('ValidationError', 'PermissionsBoundary', undefined, 'Member must not be null');
    role.PermissionsBoundary = arn;
    return {};
  },
};

const DeleteRolePermissionsBoundary: IamOperation<'DeleteRolePermissionsBoundary'> = {
  authorize: check('DeleteRolePermissionsBoundary'),
  handler(ctx, input) {
    const role = modifiableRole(ctx, name(input, 'RoleName'));
    delete role.PermissionsBoundary;
    return {};
  },
};

const inline = inlinePolicyOperations('Role', check, getRole, modifiableRole);

export const roleOperations = {
  CreateRole,
  GetRole,
  DeleteRole,
  ListRoles,
  UpdateAssumeRolePolicy,
  UpdateRole,
  TagRole,
  UntagRole,
  ListRoleTags,
  PutRolePolicy: inline.put,
  GetRolePolicy: inline.get,
  DeleteRolePolicy: inline.del,
  ListRolePolicies: inline.list,
  PutRolePermissionsBoundary,
  DeleteRolePermissionsBoundary,
};
