/**
 * aws_s3_bucket_policy -> S3 PutBucketPolicy
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_policy).
 * Deviations: none.
 */
import { PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { reqStr } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsS3BucketPolicy: ResourceMapper = {
  type: 'aws_s3_bucket_policy',
  schema: { bucket: 'value', policy: 'value' },
  required: ['bucket', 'policy'],
  computed: ['id'],
  async create(args, ctx) {
    const bucket = reqStr(args, 'bucket');
    await ctx.clients.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: reqStr(args, 'policy') }));
    return { id: bucket };
  },
};
