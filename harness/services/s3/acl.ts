/**
 * Access control lists, modelled just enough for Object Ownership: canned ACLs, explicit grants to canonical users
 * and the AllUsers/AuthenticatedUsers groups, and the question "does this object's ACL give that account READ?".
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
 * Deviations: grants by e-mail address and the LogDelivery group are not supported (rejected as InvalidArgument).
 */
import type { AccessControlPolicy, GetObjectAclCommandOutput, Grantee as SdkGrantee } from '@aws-sdk/client-s3';
import type { Out } from '../types.js';
import type { World } from '../../world/world.js';
import { InvalidArgument } from './errors.js';
import { canonicalId } from './store.js';

export type Permission = 'FULL_CONTROL' | 'READ' | 'WRITE' | 'READ_ACP' | 'WRITE_ACP';

export type Grantee = { type: 'CanonicalUser'; id: string } | { type: 'Group'; uri: string };

export interface Grant {
  grantee: Grantee;
  permission: Permission;
}

export const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
export const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';

export const CANNED_ACLS = [
  'private',
  'public-read',
  'public-read-write',
  'authenticated-read',
  'aws-exec-read',
  'bucket-owner-read',
  'bucket-owner-full-control',
  'log-delivery-write',
] as const;

const user = (account: string, permission: Permission): Grant => ({ grantee: { type: 'CanonicalUser', id: canonicalId(account) }, permission });
const group = (uri: string, permission: Permission): Grant => ({ grantee: { type: 'Group', uri }, permission });

/** The grants a canned ACL stands for, for a resource owned by `owner` in a bucket owned by `bucketOwner`. */
export function cannedAcl(name: string, owner: string, bucketOwner: string): Grant[] {
  const grants: Grant[] = [user(owner, 'FULL_CONTROL')];
  switch (name) {
    case 'private':
    case 'aws-exec-read':
    case 'log-delivery-write':
      break;
    case 'public-read':
      grants.push(group(ALL_USERS, 'READ'));
      break;
    case 'public-read-write':
      grants.push(group(ALL_USERS, 'READ'), group(ALL_USERS, 'WRITE'));
      break;
    case 'authenticated-read':
      grants.push(group(AUTHENTICATED_USERS, 'READ'));
      break;
    case 'bucket-owner-read':
      if (bucketOwner !== owner) grants.push(user(bucketOwner, 'READ'));
      break;
    case 'bucket-owner-full-control':
      if (bucketOwner !== owner) grants.push(user(bucketOwner, 'FULL_CONTROL'));
      break;
    default:
      // S3 sends no words for an unknown canned ACL: an empty Message beside ArgumentName and ArgumentValue.
      throw InvalidArgument('', 'x-amz-acl', name);
  }
  return grants;
}

/** The x-amz-grant-* members of a write or Put*Acl request (GrantWrite is a bucket's only). */
export interface GrantMembers {
  GrantFullControl?: string;
  GrantRead?: string;
  GrantWrite?: string;
  GrantReadACP?: string;
  GrantWriteACP?: string;
}

const GRANT_MEMBERS: ReadonlyArray<readonly [keyof GrantMembers, string, Permission]> = [
  ['GrantFullControl', 'x-amz-grant-full-control', 'FULL_CONTROL'],
  ['GrantRead', 'x-amz-grant-read', 'READ'],
  ['GrantWrite', 'x-amz-grant-write', 'WRITE'],
  ['GrantReadACP', 'x-amz-grant-read-acp', 'READ_ACP'],
  ['GrantWriteACP', 'x-amz-grant-write-acp', 'WRITE_ACP'],
];

/** Explicit grants (x-amz-grant-* headers): `id="<canonical id>"`, `uri="<group uri>"`, comma separated. */
export function grantsFromMembers(input: GrantMembers): Grant[] | undefined {
  let grants: Grant[] | undefined;
  for (const [member, header, permission] of GRANT_MEMBERS) {
    const value = input[member];
    if (value === undefined) continue;
    grants ??= [];
    for (const part of value.split(',')) {
      const m = /^\s*(id|uri|emailAddress)\s*=\s*"?([^"]*)"?\s*$/.exec(part);
      if (!m || m[1] === 'emailAddress') throw InvalidArgument('Invalid id', header, value);
      grants.push(m[1] === 'id' ? { grantee: { type: 'CanonicalUser', id: m[2]! }, permission } : { grantee: { type: 'Group', uri: m[2]! }, permission });
    }
  }
  return grants;
}

/** Grants from an AccessControlPolicy XML document (PutObjectAcl / PutBucketAcl body). */
export function grantsFromPolicy(doc: AccessControlPolicy): Grant[] {
  return (doc.Grants ?? []).map((g) => {
    const grantee: Partial<SdkGrantee> = g.Grantee ?? {};
    const permission = g.Permission as Permission;
    if (grantee.ID) return { grantee: { type: 'CanonicalUser', id: grantee.ID }, permission };
    if (grantee.URI) return { grantee: { type: 'Group', uri: grantee.URI }, permission };
    throw InvalidArgument('Invalid id', 'Grantee', JSON.stringify(grantee));
  });
}

/** Whether the ACL gives `account` (undefined: anonymous) the permission, directly or through FULL_CONTROL. */
export function aclAllows(grants: Grant[], account: string | undefined, permission: Permission): boolean {
  return grants.some((g) => {
    if (g.permission !== permission && g.permission !== 'FULL_CONTROL') return false;
    if (g.grantee.type === 'Group') return g.grantee.uri === ALL_USERS || (g.grantee.uri === AUTHENTICATED_USERS && account !== undefined);
    return account !== undefined && g.grantee.id === canonicalId(account);
  });
}

/** The ACL as GetObjectAcl/GetBucketAcl answer it (the Grantee's xsi:type is its Type, by the model). */
export function aclOutput(world: World, owner: string, grants: Grant[]): Out<GetObjectAclCommandOutput> {
  return {
    Owner: ownerOutput(world, owner),
    Grants: grants.map((g) => ({
      Grantee:
        g.grantee.type === 'CanonicalUser'
          ? { Type: 'CanonicalUser', ID: g.grantee.id }
          : { Type: 'Group', URI: g.grantee.uri },
      Permission: g.permission,
    })),
  };
}

/**
 * An Owner (or a Grantee) is its canonical ID alone: S3 no longer answers DisplayName (its end-of-support notice on
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_Owner.html; every Owner and Grantee in LocalStack's
 * validated snapshots recorded in 2026 has none, e.g. tests/aws/services/s3/test_s3.snapshot.json test_s3_bucket_acl,
 * test_create_bucket_aws_global). A multipart upload's Initiator still carries one (multipart.ts).
 */
export function ownerOutput(_world: World, account: string) {
  return { ID: canonicalId(account) };
}
