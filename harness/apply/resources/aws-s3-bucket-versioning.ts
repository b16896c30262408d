/**
 * aws_s3_bucket_versioning -> S3 PutBucketVersioning
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_versioning).
 * Deviations: none.
 */
import { PutBucketVersioningCommand, type BucketVersioningStatus, type MFADelete } from '@aws-sdk/client-s3';
import { block, reqStr, str } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsS3BucketVersioning: ResourceMapper = {
  type: 'aws_s3_bucket_versioning',
  schema: {
    bucket: 'value',
    expected_bucket_owner: 'value',
    mfa: 'value',
    versioning_configuration: { block: { status: 'value', mfa_delete: 'value' } },
  },
  required: ['bucket', 'versioning_configuration'],
  computed: ['id'],
  async create(args, ctx) {
    const bucket = reqStr(args, 'bucket');
    const cfg = block(args, 'versioning_configuration') ?? {};
    await ctx.clients.s3.send(
      new PutBucketVersioningCommand({
        Bucket: bucket,
        ExpectedBucketOwner: str(args, 'expected_bucket_owner'),
        MFA: str(args, 'mfa'),
        VersioningConfiguration: { Status: reqStr(cfg, 'status') as BucketVersioningStatus, MFADelete: str(cfg, 'mfa_delete') as MFADelete | undefined },
      }),
    );
    return { id: bucket };
  },
};
