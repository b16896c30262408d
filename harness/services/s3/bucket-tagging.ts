/**
 * Bucket tagging: GetBucketTagging, PutBucketTagging, DeleteBucketTagging.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketTagging.html (and the Get/Delete pages)
 * - Actions: s3:GetBucketTagging; Put and Delete are both s3:PutBucketTagging
 *   (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketTagging.html, Permissions).
 * - A put replaces the whole tag set; an empty set removes it. Put and Delete answer 204; a Get with no tag set is
 *   404 NoSuchTagSet "The TagSet does not exist" with BucketName.
 * - The tags are checked as tag-set.ts says, an aws: key in the words "System tags cannot be added/updated by
 *   requester" (LocalStack test_tagging_validation); a Tagging without TagSet removes the tag set (204), as recorded in
 *   LocalStack's test_put_bucket_tagging_none_value.
 * - More than 50 tags: 400 BadRequest "Bucket tag count cannot be greater than 50", checked after the tags
 *   (versitygw's tests run against S3 directly, tests/rest_scripts put_bucket_tagging; scality/cloudserver#4451 on
 *   the order observed in AWS).
 * Deviations: Content-MD5 and x-amz-checksum-* are verified when sent, but their absence is not refused.
 */
import { bucketCheck, resolveBucket } from './auth.js';
import { verifyBodyIntegrity } from './checksums.js';
import { BadRequest, InvalidTag, NoSuchTagSet } from './errors.js';
import type { Bucket } from './store.js';
import type { S3Operation } from './operation-types.js';
import { tagSetOf, type TagRules } from './tag-set.js';

export const BUCKET_TAGS: TagRules = {
  max: 50,
  tooMany: () => BadRequest('Bucket tag count cannot be greater than 50'),
  awsPrefix: (key) => InvalidTag('System tags cannot be added/updated by requester', key),
};

export const GetBucketTagging: S3Operation<'GetBucketTagging', Bucket> = {
  resolve: resolveBucket,
  authorize: (ctx, _input, bucket) => bucketCheck(ctx, bucket, 's3:GetBucketTagging'),
  handler(_ctx, _input, bucket) {
    if (!bucket.tags) throw NoSuchTagSet(bucket.name);
    return { TagSet: bucket.tags.map((t) => ({ ...t })) };
  },
};

export const PutBucketTagging: S3Operation<'PutBucketTagging', Bucket> = {
  resolve: resolveBucket,
  authorize: (ctx, _input, bucket) => bucketCheck(ctx, bucket, 's3:PutBucketTagging'),
  handler(ctx, input, bucket) {
    verifyBodyIntegrity(ctx.request.headers, ctx.request.body);
    const tags = tagSetOf(input.Tagging, BUCKET_TAGS);
    if (tags.length > 0) bucket.tags = tags;
    else delete bucket.tags;
    return {};
  },
};

export const DeleteBucketTagging: S3Operation<'DeleteBucketTagging', Bucket> = {
  resolve: resolveBucket,
  authorize: (ctx, _input, bucket) => bucketCheck(ctx, bucket, 's3:PutBucketTagging'),
  handler(_ctx, _input, bucket) {
    delete bucket.tags;
    return {};
  },
};
