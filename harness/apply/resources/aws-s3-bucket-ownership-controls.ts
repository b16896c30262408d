/**
 * aws_s3_bucket_ownership_controls -> S3 PutBucketOwnershipControls
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_ownership_controls).
 * Deviations: none.
 */
import { PutBucketOwnershipControlsCommand, type ObjectOwnership } from '@aws-sdk/client-s3';
import { block, reqStr } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsS3BucketOwnershipControls: ResourceMapper = {
  type: 'aws_s3_bucket_ownership_controls',
  schema: { bucket: 'value', rule: { block: { object_ownership: 'value' } } },
  required: ['bucket', 'rule'],
  computed: ['id'],
  async create(args, ctx) {
    const bucket = reqStr(args, 'bucket');
    const rule = block(args, 'rule') ?? {};
    await ctx.clients.s3.send(
      new PutBucketOwnershipControlsCommand({
        Bucket: bucket,
        OwnershipControls: { Rules: [{ ObjectOwnership: reqStr(rule, 'object_ownership') as ObjectOwnership }] },
      }),
    );
    return { id: bucket };
  },
};
