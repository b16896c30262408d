/**
 * IAM managed policies: CreatePolicy, GetPolicy, GetPolicyVersion, CreatePolicyVersion, ListPolicyVersions,
 * DeletePolicyVersion, SetDefaultPolicyVersion, ListPolicies, DeletePolicy, and attaching them to roles, users and groups.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html
 * AWS-managed policies (arn:aws:iam::aws:policy/…, aws-managed-policies.ts) can be read and attached but not changed.
 * Known deviation: changing one (CreatePolicyVersion, DeletePolicy, …) answers 403 AccessDenied "User: <caller> is not
 * authorized to perform this operation on <arn>"; no recorded AWS response to such a call was found, so the wording
 * is the emulator's.
 */
import type { ListAttachedRolePoliciesCommandOutput, Policy } from '@aws-sdk/client-iam';
import { uniqueId } from '../../world/ids.js';
import { bool, str } from '../params.js';
import type { AuthCheck, Operation, OperationContext, Out } from '../types.js';
import { allAwsManagedPolicies, isAwsOwnedPolicyArn } from './aws-managed-policies.js';
import { accountOf, arnOf, checkDocument, encodeDoc, marker, name, path, POLICY_NAME, storeOf } from './common.js';
import { AccessDenied, DeleteConflict, EntityAlreadyExists, LimitExceeded, NoSuchEntity, ValidationError } from './errors.js';
import { getGroup, GROUP_NAME } from './groups.js';
import type { IamOperation } from './operation-names.js';
import { getRole, modifiableRole } from './roles.js';
import { findManagedPolicy, iamStore, type ManagedPolicyRecord } from './store.js';
import { getUser } from './users.js';

const MAX_VERSIONS = 5;
const ARN = /^arn:aws:iam::(\d{12}|aws):policy\/(?:[\x21-\x7e]*\/)?[\w+=,.@-]+$/;

function policyArn(input: { PolicyArn?: string }): string {
  const arn = str('ValidationError', input, 'PolicyArn', { required: true, min: 20, max: 2048 });
  if (!ARN.test(arn)) throw ValidationError('Invalid ARN:  Could not be parsed!');
  return arn;
}

function attachmentCount(ctx: OperationContext, arn: string): number {
  let n = 0;
  for (const account of ctx.world.accounts.values()) {
    const s = iamStore(account);
    for (const r of s.roles.values()) if (r.attached.has(arn)) n++;
    for (const u of s.users.values()) if (u.attached.has(arn)) n++;
    for (const g of s.groups.values()) if (g.attached.has(arn)) n++;
  }
  return n;
}

/** The AWS managed policies some entity has attached, found without reading every AWS managed policy. */
function attachedAwsPolicies(ctx: OperationContext): ManagedPolicyRecord[] {
  const arns = new Set<string>();
  for (const account of ctx.world.accounts.values()) {
    const s = iamStore(account);
    for (const e of [...s.roles.values(), ...s.users.values(), ...s.groups.values()]) for (const arn of e.attached) if (isAwsOwnedPolicyArn(arn)) arns.add(arn);
  }
  return [...arns].flatMap((arn) => findManagedPolicy(ctx.world, arn) ?? []);
}

function policyShape(ctx: OperationContext, p: ManagedPolicyRecord): Policy {
  const shape: Policy = {
    PolicyName: p.PolicyName,
    PolicyId: p.PolicyId,
    Arn: p.Arn,
    Path: p.Path,
    DefaultVersionId: p.DefaultVersionId,
    AttachmentCount: attachmentCount(ctx, p.Arn),
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    CreateDate: p.CreateDate,
    UpdateDate: p.UpdateDate,
  };
  if (p.Description !== undefined) shape.Description = p.Description;
  if (p.Tags.length > 0) shape.Tags = p.Tags;
  return shape;
}

/** `version`: operations on one version word a missing policy as a missing version (localstack snapshot, see tests). */
function getPolicy(ctx: OperationContext, arn: string, version?: string): ManagedPolicyRecord {
  const p = findManagedPolicy(ctx.world, arn);
  if (!p) throw NoSuchEntity(version === undefined ? `Policy ${arn} does not exist or is not attachable.` : `Policy ${arn} version ${version} does not exist or is not attachable.`);
  return p;
}

function ownPolicy(ctx: OperationContext, arn: string, version?: string): ManagedPolicyRecord {
  const p = getPolicy(ctx, arn, version);
  if (isAwsOwnedPolicyArn(arn) || !arn.startsWith(`arn:aws:iam::${accountOf(ctx).id}:`)) {
    throw AccessDenied(`User: ${ctx.principal.arn} is not authorized to perform this operation on ${arn}`);
  }
  return p;
}

function versionId(input: { VersionId?: string }): string {
  return str('ValidationError', input, 'VersionId', { required: true, pattern: /^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/, patternText: 'v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?' });
}

/**
 * AWS-managed policies (arn:aws:iam::aws:policy/…) belong to no account and have no resource policy: reading them is
 * decided by the caller's identity policies alone, as for a resource in the caller's own account.
 */
const policyCheck = (action: string) => (ctx: OperationContext, input: { PolicyArn?: string }): AuthCheck => {
  const resource = input.PolicyArn ?? '*';
  return { action: `iam:${action}`, resource, ...(resource.startsWith('arn:aws:iam::aws:') ? { resourceAccount: accountOf(ctx).id } : {}) };
};

const CreatePolicy: IamOperation<'CreatePolicy'> = {
  authorize: (ctx, input) => ({ action: 'iam:CreatePolicy', resource: arnOf(accountOf(ctx).id, 'policy', input.Path ?? '/', input.PolicyName ?? '*') }),
  handler(ctx, input) {
    const policyName = name(input, 'PolicyName', POLICY_NAME);
    const policyPath = path(input);
    const doc = str('ValidationError', input, 'PolicyDocument', { required: true, min: 1, max: 131072 });
    const arn = arnOf(accountOf(ctx).id, 'policy', policyPath, policyName);
    const store = storeOf(ctx);
    if (store.policies.has(arn)) throw EntityAlreadyExists(`A policy called ${policyName} already exists. Duplicate names are not allowed.`);
    checkDocument(ctx, doc, 'managed');
    const now = ctx.now();
    const p: ManagedPolicyRecord = {
      PolicyName: policyName,
      PolicyId: uniqueId('ANPA'),
      Arn: arn,
      Path: policyPath,
      Description: str('ValidationError', input, 'Description', { max: 1000 }),
      CreateDate: now,
      UpdateDate: now,
      DefaultVersionId: 'v1',
      versions: [{ VersionId: 'v1', Document: doc, IsDefaultVersion: true, CreateDate: now }],
      nextVersion: 2,
      Tags: [],
    };
    store.policies.set(arn, p);
    const { Description: _d, ...shape } = policyShape(ctx, p);
    return { Policy: shape };
  },
};

const GetPolicy: IamOperation<'GetPolicy'> = {
  authorize: policyCheck('GetPolicy'),
  // GetPolicy lists Tags even when there are none (localstack/localstack tests/aws/services/iam/
  // test_iam_policies.snapshot.json, test_policy_lifecycle "get-policy-response": "Tags": []).
  handler(ctx, input) {
    const shape = policyShape(ctx, getPolicy(ctx, policyArn(input)));
    return { Policy: { ...shape, Tags: shape.Tags ?? [] } };
  },
};

const GetPolicyVersion: IamOperation<'GetPolicyVersion'> = {
  authorize: policyCheck('GetPolicyVersion'),
  handler(ctx, input) {
    const arn = policyArn(input);
    const id = versionId(input);
    const p = getPolicy(ctx, arn, id);
    const v = p.versions.find((x) => x.VersionId === id);
    if (!v) throw NoSuchEntity(`Policy ${p.Arn} version ${id} does not exist or is not attachable.`);
    return { PolicyVersion: { Document: encodeDoc(v.Document), VersionId: v.VersionId, IsDefaultVersion: v.IsDefaultVersion, CreateDate: v.CreateDate } };
  },
};

const CreatePolicyVersion: IamOperation<'CreatePolicyVersion'> = {
  authorize: policyCheck('CreatePolicyVersion'),
  handler(ctx, input) {
    const p = ownPolicy(ctx, policyArn(input));
    const doc = str('ValidationError', input, 'PolicyDocument', { required: true, min: 1, max: 131072 });
    if (p.versions.length >= MAX_VERSIONS) {
      throw LimitExceeded(`A managed policy can have up to ${MAX_VERSIONS} versions. Before you create a new version, you must delete an existing version.`);
    }
    checkDocument(ctx, doc, 'managed');
    const setDefault = bool(input, 'SetAsDefault') ?? false;
    const version = { VersionId: `v${p.nextVersion++}`, Document: doc, IsDefaultVersion: setDefault, CreateDate: ctx.now() };
    if (setDefault) {
      for (const v of p.versions) v.IsDefaultVersion = false;
      p.DefaultVersionId = version.VersionId;
    }
    p.versions.push(version);
    p.UpdateDate = version.CreateDate;
    return { PolicyVersion: { VersionId: version.VersionId, IsDefaultVersion: setDefault, CreateDate: version.CreateDate } };
  },
};

const ListPolicyVersions: IamOperation<'ListPolicyVersions'> = {
  authorize: policyCheck('ListPolicyVersions'),
  handler(ctx, input) {
    const p = getPolicy(ctx, policyArn(input));
    return { Versions: [...p.versions].reverse().map((v) => ({ VersionId: v.VersionId, IsDefaultVersion: v.IsDefaultVersion, CreateDate: v.CreateDate })), IsTruncated: false };
  },
};

const DeletePolicyVersion: IamOperation<'DeletePolicyVersion'> = {
  authorize: policyCheck('DeletePolicyVersion'),
  handler(ctx, input) {
    const arn = policyArn(input);
    const id = versionId(input);
    const p = ownPolicy(ctx, arn, id);
    const v = p.versions.find((x) => x.VersionId === id);
    if (!v) throw NoSuchEntity(`Policy ${p.Arn} version ${id} does not exist or is not attachable.`);
    if (v.IsDefaultVersion) throw DeleteConflict('Cannot delete the default version of a policy.');
    p.versions = p.versions.filter((x) => x !== v);
    return {};
  },
};

const SetDefaultPolicyVersion: IamOperation<'SetDefaultPolicyVersion'> = {
  authorize: policyCheck('SetDefaultPolicyVersion'),
  handler(ctx, input) {
    const arn = policyArn(input);
    const id = versionId(input);
    const p = ownPolicy(ctx, arn, id);
    const v = p.versions.find((x) => x.VersionId === id);
    if (!v) throw NoSuchEntity(`Policy ${p.Arn} version ${id} does not exist or is not attachable.`);
    for (const x of p.versions) x.IsDefaultVersion = x === v;
    p.DefaultVersionId = id;
    return {};
  },
};

const ListPolicies: IamOperation<'ListPolicies'> = {
  authorize: (ctx, input) => ({ action: 'iam:ListPolicies', resource: arnOf(accountOf(ctx).id, 'policy', input.PathPrefix ?? '/', '') }),
  handler(ctx, input) {
    const scope = input.Scope ?? 'All';
    const onlyAttached = bool(input, 'OnlyAttached') ?? false;
    const prefix = str('ValidationError', input, 'PathPrefix') ?? '/';
    const local = scope === 'AWS' ? [] : [...storeOf(ctx).policies.values()];
    const aws = scope === 'Local' ? [] : onlyAttached ? attachedAwsPolicies(ctx) : allAwsManagedPolicies();
    const all = [...local, ...aws]
      .filter((p) => p.Path.startsWith(prefix))
      .map((p) => policyShape(ctx, p))
      .filter((p) => !onlyAttached || (p.AttachmentCount ?? 0) > 0)
      .map(({ Description: _d, Tags: _t, ...p }) => p);
    const { page, IsTruncated, Marker } = marker(all, input);
    return { Policies: page, IsTruncated, Marker };
  },
};

const DeletePolicy: IamOperation<'DeletePolicy'> = {
  authorize: policyCheck('DeletePolicy'),
  handler(ctx, input) {
    const arn = policyArn(input);
    // DeletePolicy words a missing policy as detaching one does (localstack/localstack
    // tests/aws/services/iam/test_iam.snapshot.json, test_delete_non_existent_policy_returns_no_such_entity).
    if (!findManagedPolicy(ctx.world, arn)) throw NoSuchEntity(`Policy ${arn} was not found.`);
    const p = ownPolicy(ctx, arn);
    if (attachmentCount(ctx, p.Arn) > 0) throw DeleteConflict('Cannot delete a policy attached to entities.');
    if (p.versions.length > 1) throw DeleteConflict('This policy has more than one version. Before you delete a policy, you must delete the policy\'s versions. The default version is deleted with the policy.');
    storeOf(ctx).policies.delete(p.Arn);
    return {};
  },
};

type Target = 'Role' | 'User' | 'Group';

/** The inputs of attaching, detaching and listing, as the SDK types them for any of the entities. */
interface AttachmentInput {
  RoleName?: string;
  UserName?: string;
  GroupName?: string;
  PolicyArn?: string;
}

function entity(ctx: OperationContext, input: AttachmentInput, target: Target, change = false) {
  if (target === 'User') return getUser(ctx, name(input, 'UserName'));
  if (target === 'Group') return getGroup(ctx, name(input, 'GroupName', GROUP_NAME));
  return (change ? modifiableRole : getRole)(ctx, name(input, 'RoleName'));
}

function entityCheck(action: string, target: Target) {
  return (ctx: OperationContext, input: AttachmentInput): AuthCheck => {
    const n = input[`${target}Name`] ?? '*';
    const store = storeOf(ctx);
    const existing = target === 'Role' ? store.roles.get(n) : target === 'User' ? store.users.get(n) : store.groups.get(n);
    const kind = target === 'Role' ? 'role' : target === 'User' ? 'user' : 'group';
    return { action: `iam:${action}`, resource: existing?.Arn ?? arnOf(accountOf(ctx).id, kind, '/', n) };
  };
}

function attach(target: Target): Operation<AttachmentInput, object> {
  return {
    authorize: entityCheck(`Attach${target}Policy`, target),
    handler(ctx, input) {
      const e = entity(ctx, input, target, true);
      const arn = policyArn(input);
      getPolicy(ctx, arn);
      if (!isAwsOwnedPolicyArn(arn) && !arn.startsWith(`arn:aws:iam::${accountOf(ctx).id}:`)) {
        throw NoSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
      }
      e.attached.add(arn);
      return {};
    },
  };
}

function detach(target: Target): Operation<AttachmentInput, object> {
  return {
    authorize: entityCheck(`Detach${target}Policy`, target),
    handler(ctx, input) {
      const e = entity(ctx, input, target, true);
      const arn = policyArn(input);
      if (!e.attached.delete(arn)) throw NoSuchEntity(`Policy ${arn} was not found.`);
      return {};
    },
  };
}

function listAttached(target: Target): Operation<AttachmentInput, Out<ListAttachedRolePoliciesCommandOutput>> {
  return {
    authorize: entityCheck(`ListAttached${target}Policies`, target),
    handler(ctx, input) {
      const e = entity(ctx, input, target);
      const attached = [...e.attached].map((arn) => ({ PolicyName: findManagedPolicy(ctx.world, arn)?.PolicyName ?? arn.split('/').pop(), PolicyArn: arn }));
      return { AttachedPolicies: attached, IsTruncated: false };
    },
  };
}

export const policyOperations = {
  CreatePolicy,
  GetPolicy,
  GetPolicyVersion,
  CreatePolicyVersion,
  ListPolicyVersions,
  DeletePolicyVersion,
  SetDefaultPolicyVersion,
  ListPolicies,
  DeletePolicy,
  AttachRolePolicy: attach('Role'),
  DetachRolePolicy: detach('Role'),
  ListAttachedRolePolicies: listAttached('Role'),
  AttachUserPolicy: attach('User'),
  DetachUserPolicy: detach('User'),
  ListAttachedUserPolicies: listAttached('User'),
  AttachGroupPolicy: attach('Group'),
  DetachGroupPolicy: detach('Group'),
  ListAttachedGroupPolicies: listAttached('Group'),
};
