/**
 * aws_s3_bucket -> S3 CreateBucket (+ PutBucketTagging)
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket).
 * us-east-1 sends no LocationConstraint, other regions send theirs, as the provider does.
 * The AWS provider v3 inline arguments, deprecated but still accepted by the current provider, are applied as it
 * applies them on create: `acl` goes in CreateBucket's x-amz-acl header, then `policy` (PutBucketPolicy),
 * `versioning { enabled = true }` (PutBucketVersioning Enabled; a disabled block is left as a new bucket is) and
 * `server_side_encryption_configuration` (PutBucketEncryption)
 * (https://registry.terraform.io/providers/hashicorp/aws/3.76.1/docs/resources/s3_bucket, and the current
 * provider's internal/service/s3/bucket.go resourceBucketCreate/Update).
 * Deviations: force_destroy only matters on destroy and is ignored; the other v3 inline blocks (website, cors_rule,
 * lifecycle_rule, logging, replication_configuration, object_lock_configuration) are rejected.
 */
import {
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  type BucketCannedACL,
  type BucketLocationConstraint,
  type ServerSideEncryption,
} from '@aws-sdk/client-s3';
import { block, bool, nameOrPrefix, str, tagList } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsS3Bucket: ResourceMapper = {
  type: 'aws_s3_bucket',
  schema: {
    bucket: 'value',
    bucket_prefix: 'value',
    object_lock_enabled: 'value',
    tags: 'value',
    force_destroy: 'ignored',
    acl: 'value',
    policy: 'value',
    versioning: { block: { enabled: 'value', mfa_delete: 'value' } },
    server_side_encryption_configuration: {
      block: {
        rule: { block: { bucket_key_enabled: 'value', apply_server_side_encryption_by_default: { block: { sse_algorithm: 'value', kms_master_key_id: 'value' } } } },
      },
    },
  },
  required: [],
  computed: ['arn', 'id', 'bucket', 'bucket_domain_name', 'bucket_regional_domain_name', 'region'],
  async create(args, ctx) {
    const bucket = nameOrPrefix(args, 'bucket').toLowerCase();
    await ctx.clients.s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        ObjectLockEnabledForBucket: bool(args, 'object_lock_enabled'),
        ACL: str(args, 'acl') as BucketCannedACL | undefined,
        ...(ctx.region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: ctx.region as BucketLocationConstraint } }),
      }),
    );
    const tags = tagList(args);
    if (tags) await ctx.clients.s3.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: tags } }));
    const policy = str(args, 'policy');
    if (policy) await ctx.clients.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy }));
    const versioning = block(args, 'versioning');
    if (versioning && bool(versioning, 'enabled')) {
      await ctx.clients.s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled', ...(bool(versioning, 'mfa_delete') ? { MFADelete: 'Enabled' } : {}) } }));
    }
    const sse = block(args, 'server_side_encryption_configuration');
    const rule = sse && block(sse, 'rule');
    if (rule) {
      const dflt = block(rule, 'apply_server_side_encryption_by_default');
      await ctx.clients.s3.send(
        new PutBucketEncryptionCommand({
          Bucket: bucket,
          ServerSideEncryptionConfiguration: {
            Rules: [
              {
                ApplyServerSideEncryptionByDefault: dflt
                  ? { SSEAlgorithm: str(dflt, 'sse_algorithm') as ServerSideEncryption, ...(str(dflt, 'kms_master_key_id') ? { KMSMasterKeyID: str(dflt, 'kms_master_key_id') } : {}) }
                  : undefined,
                ...(bool(rule, 'bucket_key_enabled') !== undefined ? { BucketKeyEnabled: bool(rule, 'bucket_key_enabled') } : {}),
              },
            ],
          },
        }),
      );
    }
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
