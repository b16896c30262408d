/**
 * What a request on one object needs before its handler runs: the bucket and the version it names, and the
 * authorization of the operation's action on the object.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/how-s3-evaluates-access-control.html
 */
import type { OperationContext } from '../types.js';
import type { Permission } from './acl.js';
import { objectCheck, requireBucket, requireObjectAcl } from './auth.js';
import { readVersion } from './object-read.js';
import type { Bucket, ObjectVersion } from './store.js';

type Wire = Record<string, any>;

export function readAction(input: Wire, plain: string, versioned: string): string {
  return input.VersionId !== undefined ? versioned : plain;
}

/** The authorization of a read of one object: the versioned action when the request names a version. */
export function objectRead(plain: string, versioned: string) {
  return (ctx: OperationContext, input: Wire) => objectCheck(ctx, requireBucket(ctx, input.Bucket), String(input.Key), readAction(input, plain, versioned));
}

/** The bucket and the version a read names, once the object's ACL grants the caller `permission` on it. */
export function readableVersion(ctx: OperationContext, input: Wire, permission: Permission): { bucket: Bucket; v: ObjectVersion } {
  const bucket = requireBucket(ctx, input.Bucket);
  const v = readVersion(ctx, bucket, String(input.Key), input.VersionId as string | undefined);
  requireObjectAcl(ctx, bucket, v, permission);
  return { bucket, v };
}
