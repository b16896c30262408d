/**
 * AWS::S3::BucketPolicy: PutBucketPolicy on Bucket; deletion is DeleteBucketPolicy. Ref returns the bucket name.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-bucketpolicy.html
 * Failure wording: legacy handler, "API: s3:PutBucketPolicy Access Denied" (errors.jsonl E071).
 */
import type { ResourceMapper } from './types.js';
import { document, requiredText } from './values.js';

export const s3BucketPolicy: ResourceMapper = {
  type: 'AWS::S3::BucketPolicy',
  service: 's3',
  failureStyle: { kind: 'legacy', serviceLabel: 'Amazon S3' },
  replaceOn: ['Bucket'],
  required: ['Bucket', 'PolicyDocument'],
  attributes: [],
  async create(ctx, props) {
    const Bucket = requiredText(props, 'Bucket');
    await ctx.call('s3', 'PutBucketPolicy', { Bucket, Policy: document(props['PolicyDocument']) });
    return { physicalId: Bucket, attributes: {} };
  },
  async update(ctx, Bucket, props) {
    await ctx.call('s3', 'PutBucketPolicy', { Bucket, Policy: document(props['PolicyDocument']) });
    return { physicalId: Bucket, attributes: {} };
  },
  async delete(ctx, Bucket) {
    await ctx.call('s3', 'DeleteBucketPolicy', { Bucket });
  },
};
