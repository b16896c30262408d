/**
 * GetBucketLocation: https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html
 * Action s3:GetBucketLocation. The answer is the LocationConstraint the bucket was created with: empty for a bucket in
 * us-east-1 ("Buckets in Region us-east-1 have a LocationConstraint of null"), `EU` for one created with that alias
 * of eu-west-1, else its Region, as recorded against AWS in LocalStack's validated snapshots (localstack
 * tests/aws/services/s3/test_s3.snapshot.json: test_different_location_constraint,
 * test_create_bucket_with_eu_location_constraint, test_create_bucket_aws_global).
 */
import { bucketCheck, resolveBucket } from './auth.js';
import type { Bucket } from './store.js';
import type { S3Operation } from './operation-types.js';

export const GetBucketLocation: S3Operation<'GetBucketLocation', Bucket> = {
  resolve: resolveBucket,
  authorize: (ctx, _input, bucket) => bucketCheck(ctx, bucket, 's3:GetBucketLocation'),
  handler(_ctx, _input, bucket) {
    if (bucket.region === 'us-east-1') return {};
    return { LocationConstraint: (bucket.locationConstraint ?? bucket.region) as 'EU' };
  },
};
