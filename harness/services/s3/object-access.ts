/**
 * What a request on one object needs before its handler runs, declared so every refusal is recorded and explained:
 * the bucket and the version it names (resolved once, handed to the handler), the operation's action on the object,
 * the object-context check S3 makes beside the policies, and s3:ListBucket when the key is absent.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/how-s3-evaluates-access-control.html
 * - Object context: when the bucket owner does not own the object, the caller's account must own it or be granted
 *   the permission by the object's ACL; S3 answers a bare 403 "Access Denied". Under BucketOwnerEnforced the bucket
 *   owner owns every object and ACLs no longer count, so the check passes
 *   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html).
 * - A key with no current version is 404 NoSuchKey only for a caller who may list the bucket, else 403 naming
 *   s3:ListBucket (E036; https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html, Permissions).
 */
import type { AuthCheck, OperationContext, Refusal } from '../types.js';
import { aclAllows, type Permission } from './acl.js';
import { bucketCheck, objectCheck, resolveBucket } from './auth.js';
import { AccessDenied } from './errors.js';
import { publicAclStandIn } from './public-acl.js';
import { lookupVersion, type VersionLookup } from './object-read.js';
import type { Bucket, ObjectVersion } from './store.js';
import { existingTagContext } from './tag-set.js';

/** The object a request names, as its `resolve` found it. */
export interface ObjectTarget {
  bucket: Bucket;
  key: string;
  VersionId?: string;
  lookup: VersionLookup;
}

interface ObjectRequest {
  Bucket?: string;
  Key?: string;
  VersionId?: string;
  ExpectedBucketOwner?: string;
}

/** The versioned action when the request names a version. */
export function readAction(input: { VersionId?: string }, plain: string, versioned: string): string {
  return input.VersionId !== undefined ? versioned : plain;
}

/** Resolves the bucket (NoSuchBucket comes before any authorization) and looks the version up. */
export function resolveObject(ctx: OperationContext, input: ObjectRequest): ObjectTarget {
  const bucket = resolveBucket(ctx, input);
  const key = input.Key ?? '';
  return { bucket, key, VersionId: input.VersionId, lookup: lookupVersion(ctx, bucket, key, input.VersionId) };
}

/**
 * The object-context refusal: the bucket owner does not own the object, and neither the caller's account owns it
 * nor its ACL grants that account `permission`.
 */
export function objectContextRefusal(ctx: OperationContext, bucket: Bucket, version: ObjectVersion, permission: Permission): Refusal | undefined {
  if (bucket.ownership === 'BucketOwnerEnforced' || version.ownerAccount === bucket.ownerAccount) return undefined;
  const caller = ctx.principal.account;
  if (caller === version.ownerAccount || aclAllows(version.acl, caller, permission)) return undefined;
  const who = caller === undefined ? 'anonymous callers' : `the caller's account ${caller}`;
  const grantee = caller === undefined ? 'everyone (AllUsers)' : `account ${caller}`;
  return {
    error: AccessDenied(),
    explanation:
      `The object ${version.key} in bucket ${bucket.name} is owned by account ${version.ownerAccount}, not by the bucket owner ${bucket.ownerAccount}, ` +
      `and its ACL does not grant ${who} ${permission}.`,
    fix:
      `have the object owner (account ${version.ownerAccount}) grant ${grantee} ${permission} in the object's ACL (PutObjectAcl), ` +
      `or set the bucket's Object Ownership to BucketOwnerEnforced (PutBucketOwnershipControls) so the bucket owner owns every object`,
  };
}

/**
 * The checks of a request on one existing-or-not object: `action` on the object, with the object-context check
 * beside it (`permission` on the version found, if any), then s3:ListBucket when the key has no current version.
 */
export function objectAccess(ctx: OperationContext, target: ObjectTarget, action: string, permission: Permission): AuthCheck[] {
  const { bucket, key, lookup } = target;
  // s3:ExistingObjectTag/<key>: the tags of the version the request names (tag-set.ts).
  const check = objectCheck(ctx, bucket, key, action, 'version' in lookup ? existingTagContext(lookup.version) : {});
  if ('version' in lookup) {
    return [{ ...check, ...publicAclStandIn(ctx, bucket, lookup.version.acl, permission), beside: () => objectContextRefusal(ctx, bucket, lookup.version, permission) }];
  }
  return lookup.keyAbsent ? [check, bucketCheck(ctx, bucket, 's3:ListBucket')] : [check];
}

/** The declaration of a read of one object: resolve the object, authorize `plain` (or `versioned`) with `permission`. */
export function objectRead(plain: string, versioned: string, permission: Permission) {
  return {
    resolve: (ctx: OperationContext, input: ObjectRequest) => resolveObject(ctx, input),
    authorize: (ctx: OperationContext, input: ObjectRequest, target: ObjectTarget) => objectAccess(ctx, target, readAction(input, plain, versioned), permission),
  };
}
