/**
 * aws_s3_bucket -> S3 CreateBucket (+ PutBucketTagging)
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket).
 * us-east-1 sends no LocationConstraint, other regions send theirs, as the provider does.
 * Deviations: force_destroy only matters on destroy and is ignored; the deprecated inline configuration
 * arguments (versioning, policy, acl, ...) are rejected: use the aws_s3_bucket_* resources.
 */
import { CreateBucketCommand, PutBucketTaggingCommand, type BucketLocationConstraint } from '@aws-sdk/client-s3';
import { bool, nameOrPrefix, tagList } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsS3Bucket: ResourceMapper = {
  type: 'aws_s3_bucket',
  schema: { bucket: 'value', bucket_prefix: 'value', object_lock_enabled: 'value', tags: 'value', force_destroy: 'ignored' },
  required: [],
  computed: ['arn', 'id', 'bucket', 'bucket_domain_name', 'bucket_regional_domain_name', 'region'],
  async create(args, ctx) {
    const bucket = nameOrPrefix(args, 'bucket').toLowerCase();
    await ctx.clients.s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        ObjectLockEnabledForBucket: bool(args, 'object_lock_enabled'),
        ...(ctx.region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: ctx.region as BucketLocationConstraint } }),
      }),
    );
    const tags = tagList(args);
    if (tags) await ctx.clients.s3.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: tags } }));
    return {
      arn: `arn:${ctx.partition}:s3:::${bucket}`,
      id: bucket,
      bucket,
      bucket_domain_name: `${bucket}.s3.amazonaws.com`,
      bucket_regional_domain_name: `${bucket}.s3.${ctx.region}.amazonaws.com`,
      region: ctx.region,
    };
  },
};
