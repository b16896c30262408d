/**
 * aws_s3_bucket_public_access_block -> S3 PutPublicAccessBlock
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_public_access_block).
 * Unset flags are sent as false, as the provider does.
 * Deviations: skip_destroy only matters on destroy and is ignored.
 */
import { PutPublicAccessBlockCommand } from '@aws-sdk/client-s3';
import { bool, reqStr } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsS3BucketPublicAccessBlock: ResourceMapper = {
  type: 'aws_s3_bucket_public_access_block',
  schema: {
    bucket: 'value',
    block_public_acls: 'value',
    block_public_policy: 'value',
    ignore_public_acls: 'value',
    restrict_public_buckets: 'value',
    skip_destroy: 'ignored',
  },
  required: ['bucket'],
  computed: ['id'],
  async create(args, ctx) {
    const bucket = reqStr(args, 'bucket');
    await ctx.clients.s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: bucket,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: bool(args, 'block_public_acls') ?? false,
          BlockPublicPolicy: bool(args, 'block_public_policy') ?? false,
          IgnorePublicAcls: bool(args, 'ignore_public_acls') ?? false,
          RestrictPublicBuckets: bool(args, 'restrict_public_buckets') ?? false,
        },
      }),
    );
    return { id: bucket };
  },
};
