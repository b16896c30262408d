/**
 * ExpectedBucketOwner (x-amz-expected-bucket-owner; x-amz-source-expected-bucket-owner for a copy's source): a
 * caller names the account it expects to own the bucket, and S3 refuses the request when another account owns it.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-owner-condition.html
 * - A value that is not a 12-digit account id: 400 InvalidBucketOwnerAWSAccountID "The value of the expected bucket
 *   owner parameter must be an AWS Account ID... [<value>]", checked before the bucket is looked up (LocalStack's
 *   snapshots recorded against AWS: tests/aws/services/s3/test_s3.snapshot.json,
 *   test_get_bucket_policy_invalid_account_id[0000|abcd|0000000000020], test_delete_bucket_policy_expected_bucket_owner).
 * - Another account owns the bucket: 403 AccessDenied "Access Denied", the bare form whoever asks (E042).
 * Deviations: the mismatch is answered while the request is resolved, before its policies are evaluated, so it is
 * not recorded among the explained denials.
 */
import { AccessDenied, InvalidBucketOwnerAWSAccountID } from './errors.js';
import type { Bucket } from './store.js';

/** Refuses a malformed expected owner; S3 does so before it looks the bucket up. */
export function requireWellFormedOwner(expected: string | undefined): void {
  if (expected !== undefined && !/^\d{12}$/.test(expected)) throw InvalidBucketOwnerAWSAccountID(expected);
}

/** Refuses the request when the bucket's owner is not the account the caller expects. */
export function requireExpectedOwner(bucket: Bucket, expected: string | undefined): void {
  if (expected !== undefined && expected !== bucket.ownerAccount) throw AccessDenied();
}
