/**
 * Bucket lifecycle: CreateBucket, HeadBucket, DeleteBucket, ListBuckets.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html
 * - Names are global: another account's bucket is BucketAlreadyExists; your own is BucketAlreadyOwnedByYou,
 *   except in us-east-1 where "for legacy compatibility" S3 answers 200 OK (API_CreateBucket, Errors).
 * - LocationConstraint must match the Region the request was signed for (none in us-east-1; `EU` in eu-west-1).
 * - CreateBucketConfiguration Tags become the bucket's tag set (bucket-tagging.ts).
 * - x-amz-object-ownership picks the ownership; new buckets default to BucketOwnerEnforced, which refuses ACLs
 *   other than the owner's full control (E046, E082).
 * Deviations: bucket names are checked for the general-purpose rules only (no directory buckets).
 */
import type { CreateBucketCommandOutput, HeadBucketCommandOutput, ListBucketsCommandOutput } from '@aws-sdk/client-s3';
import type { Operation, Out } from '../types.js';
import { cannedAcl, ownerOutput } from './acl.js';
import { bucketArn, bucketCheck, requestContext, resolveBucket } from './auth.js';
import {
  AccessDenied,
  BucketAlreadyExists,
  BucketAlreadyOwnedByYou,
  BucketNotEmpty,
  IllegalLocationConstraintException,
  InvalidArgument,
  InvalidBucketAclWithObjectOwnership,
  InvalidBucketName,
  InvalidLocationConstraint,
  InvalidTag,
} from './errors.js';
import { s3Namespace, type Bucket, type ObjectOwnership } from './store.js';
import { BUCKET_TAGS } from './bucket-tagging.js';
import { tagListOf, type TagRules } from './tag-set.js';
import type { S3Input } from './operation-types.js';

type CreateBucketInput = S3Input<'CreateBucket'>;

/**
 * CreateBucketConfiguration's Tags are checked as PutBucketTagging's, but an aws: key is refused in CreateBucket's own
 * words, without TagKey (LocalStack's validated test_create_bucket_with_tags_exc snapshot, recorded against AWS).
 * Deviation: AWS answered a repeated key with 500 InternalError there; the emulator answers PutBucketTagging's InvalidTag.
 */
const CREATE_BUCKET_TAGS: TagRules = {
  ...BUCKET_TAGS,
  awsPrefix: () =>
    InvalidTag('User-defined tag keys can\'t start with "aws:". This prefix is reserved for system tags. Remove "aws:" from your tag keys and try again.'),
};

const OWNERSHIPS: ObjectOwnership[] = ['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter'];

/** https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html */
export function validBucketName(name: string): boolean {
  if (name.length < 3 || name.length > 63) return false;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return false;
  if (name.includes('..') || name.includes('.-') || name.includes('-.')) return false;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return false;
  if (name.startsWith('xn--') || name.startsWith('sthree-') || name.endsWith('-s3alias') || name.endsWith('--ol-s3')) return false;
  return true;
}

function locationConstraint(input: CreateBucketInput): string | undefined {
  const lc: string | undefined = input.CreateBucketConfiguration?.LocationConstraint;
  return lc !== undefined && lc !== '' ? lc : undefined;
}

export const CreateBucket: Operation<CreateBucketInput, Out<CreateBucketCommandOutput>> = {
  authorize(ctx, input) {
    const name = input.Bucket ?? '';
    if (!validBucketName(name)) throw InvalidBucketName(name);
    if (!ctx.principal.account) throw AccessDenied();
    return { action: 's3:CreateBucket', resource: bucketArn(name), resourceAccount: ctx.principal.account, context: requestContext(ctx) };
  },
  handler(ctx, input) {
    const name = input.Bucket!;
    const caller = ctx.principal.account!;
    const lc = locationConstraint(input);
    if (ctx.region === 'us-east-1') {
      if (lc !== undefined) throw InvalidLocationConstraint(lc);
    } else if (lc !== ctx.region && !(lc === 'EU' && ctx.region === 'eu-west-1')) {
      // `EU` is eu-west-1's legacy alias, kept as the bucket's LocationConstraint (LocalStack's validated
      // test_create_bucket_with_eu_location_constraint[_raises] snapshots).
      throw IllegalLocationConstraintException(lc);
    }
    const ownershipHeader: string | undefined = input.ObjectOwnership;
    if (ownershipHeader !== undefined && !OWNERSHIPS.includes(ownershipHeader as ObjectOwnership)) {
      throw InvalidArgument(`Invalid x-amz-object-ownership header: ${ownershipHeader}`, 'x-amz-object-ownership');
    }
    const ownership = (ownershipHeader as ObjectOwnership | undefined) ?? 'BucketOwnerEnforced';
    const acl: string | undefined = input.ACL;
    if (ownership === 'BucketOwnerEnforced' && acl !== undefined && acl !== 'private' && acl !== 'bucket-owner-full-control') {
      throw InvalidBucketAclWithObjectOwnership();
    }
    const tags = tagListOf(input.CreateBucketConfiguration?.Tags, CREATE_BUCKET_TAGS);
    const ns = s3Namespace(ctx.world);
    const existing = ns.buckets.get(name);
    if (existing) {
      if (existing.ownerAccount !== caller) throw BucketAlreadyExists(name);
      // us-east-1's legacy 200 holds only for a request without tags (test_create_bucket_with_tags_us_east_1_idempotency).
      if (existing.region !== 'us-east-1' || tags.length > 0) throw BucketAlreadyOwnedByYou(name);
      existing.acl = cannedAcl(acl ?? 'private', caller, caller);
      return { Location: `/${name}` };
    }
    ns.buckets.set(name, {
      name,
      ownerAccount: caller,
      region: ctx.region,
      locationConstraint: lc === 'EU' ? lc : undefined,
      created: ctx.now(),
      ownership,
      // New buckets block public access (since April 2023): https://docs.aws.amazon.com/AmazonS3/latest/userguide/create-bucket-overview.html
      publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
      acl: cannedAcl(acl ?? 'private', caller, caller),
      tags: tags.length > 0 ? tags : undefined,
      objects: new Map(),
      uploads: new Map(),
    });
    return { Location: ctx.region === 'us-east-1' ? `/${name}` : `http://${name}.s3.amazonaws.com/` };
  },
};

export const HeadBucket: Operation<S3Input<'HeadBucket'>, Out<HeadBucketCommandOutput>, Bucket> = {
  resolve: resolveBucket,
  authorize: (ctx, _input, bucket) => bucketCheck(ctx, bucket, 's3:ListBucket'),
  handler(ctx, input, bucket) {
    return { BucketRegion: bucket.region, AccessPointAlias: false };
  },
};

export const DeleteBucket: Operation<S3Input<'DeleteBucket'>, Record<string, never>, Bucket> = {
  resolve: resolveBucket,
  authorize: (ctx, _input, bucket) => bucketCheck(ctx, bucket, 's3:DeleteBucket'),
  handler(ctx, input, bucket) {
    if (bucket.objects.size > 0) throw BucketNotEmpty(bucket.name);
    s3Namespace(ctx.world).buckets.delete(bucket.name);
    return {};
  },
};

export const ListBuckets: Operation<S3Input<'ListBuckets'>, Out<ListBucketsCommandOutput>> = {
  authorize(ctx) {
    if (!ctx.principal.account) throw AccessDenied();
    return { action: 's3:ListAllMyBuckets', resource: '*', resourceAccount: ctx.principal.account, context: requestContext(ctx) };
  },
  handler(ctx) {
    const caller = ctx.principal.account!;
    const buckets = [...s3Namespace(ctx.world).buckets.values()]
      .filter((b) => b.ownerAccount === caller)
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((b) => ({ Name: b.name, CreationDate: b.created, BucketRegion: b.region }));
    return { Owner: ownerOutput(ctx.world, caller), Buckets: buckets };
  },
};
