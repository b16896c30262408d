/**
 * How S3 authorizes a request: the IAM action of the operation on the bucket ARN (arn:aws:s3:::bucket) or the
 * object ARN (arn:aws:s3:::bucket/key), the bucket owner's account as the resource account, the bucket policy as
 * the resource policy, and S3's condition keys from the request.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html#amazons3-policy-keys
 * The object-context check S3 makes beside the policies (object ownership and ACLs) is in object-access.ts.
 * Deviations: S3 Express, access points and the VPC-endpoint keys are not modelled.
 */
import type { ContextValue } from '../../iam/types.js';
import type { AuthCheck, OperationContext } from '../types.js';
import { NoSuchBucket } from './errors.js';
import { requireExpectedOwner, requireWellFormedOwner } from './expected-owner.js';
import { findBucket, type Bucket } from './store.js';

export function bucketArn(bucket: string): string {
  return `arn:aws:s3:::${bucket}`;
}

export function objectArn(bucket: string, key: string): string {
  return `arn:aws:s3:::${bucket}/${key}`;
}

export function requireBucket(ctx: OperationContext, name: string | undefined): Bucket {
  const bucket = name === undefined ? undefined : findBucket(ctx.world, name);
  if (!bucket) throw NoSuchBucket(name ?? '');
  return bucket;
}

/**
 * An operation's `resolve` for the bucket it names: NoSuchBucket comes before any authorization, as in S3; so does
 * the ExpectedBucketOwner check (expected-owner.ts).
 */
export function resolveBucket(ctx: OperationContext, input: { Bucket?: string; ExpectedBucketOwner?: string }): Bucket {
  requireWellFormedOwner(input.ExpectedBucketOwner);
  const bucket = requireBucket(ctx, input.Bucket);
  requireExpectedOwner(bucket, input.ExpectedBucketOwner);
  return bucket;
}

const HEADER_KEYS = [
  'x-amz-acl',
  'x-amz-server-side-encryption',
  'x-amz-server-side-encryption-aws-kms-key-id',
  'x-amz-copy-source',
  'x-amz-metadata-directive',
  'x-amz-storage-class',
  'x-amz-content-sha256',
  'x-amz-grant-full-control',
  'x-amz-grant-read',
  'x-amz-grant-write',
  'x-amz-grant-read-acp',
  'x-amz-grant-write-acp',
  'x-amz-object-ownership',
];

/** S3's request condition keys: s3:x-amz-* from the headers the client sent, and how it authenticated. */
export function requestContext(ctx: OperationContext): Record<string, ContextValue> {
  const h = ctx.request.headers;
  const context: Record<string, ContextValue> = {};
  for (const name of HEADER_KEYS) if (h[name] !== undefined) context[`s3:${name}`] = h[name]!;
  if (h['authorization']) context['s3:authType'] = 'REST-HEADER';
  else if (ctx.request.rawQuery.includes('X-Amz-Signature=')) context['s3:authType'] = 'REST-QUERY-STRING';
  if (h['authorization'] || ctx.request.rawQuery.includes('X-Amz-Signature=')) context['s3:signatureversion'] = 'AWS4-HMAC-SHA256';
  return context;
}

function bucketPolicy(bucket: Bucket): AuthCheck['resourcePolicy'] {
  if (bucket.policy === undefined) return undefined;
  return { name: `bucket policy of ${bucket.name}`, document: bucket.policy, kind: 'bucket' };
}

export function bucketCheck(ctx: OperationContext, bucket: Bucket, action: string, extra: Record<string, ContextValue> = {}): AuthCheck {
  return {
    action,
    resource: bucketArn(bucket.name),
    resourceAccount: bucket.ownerAccount,
    context: { ...requestContext(ctx), ...extra },
    resourcePolicy: bucketPolicy(bucket),
  };
}

export function objectCheck(ctx: OperationContext, bucket: Bucket, key: string, action: string, extra: Record<string, ContextValue> = {}): AuthCheck {
  return {
    action,
    resource: objectArn(bucket.name, key),
    resourceAccount: bucket.ownerAccount,
    context: { ...requestContext(ctx), ...extra },
    resourcePolicy: bucketPolicy(bucket),
  };
}
