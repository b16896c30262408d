/**
 * ExpectedBucketOwner on the operations that take it (expected-owner.ts). Recorded against AWS in LocalStack's
 * validated snapshots (localstack/localstack tests/aws/services/s3/test_s3.snapshot.json):
 * - test_get_bucket_policy / "get-bucket-policy-with-expected-bucket-owner-error" and
 *   test_put_bucket_policy_expected_bucket_owner: a mismatch is 403 AccessDenied "Access Denied" (E022, E042);
 * - test_get_bucket_policy_invalid_account_id[0000|abcd|0000000000020] and test_delete_bucket_policy_expected_bucket_owner
 *   ("delete-bucket-policy-invalid-bucket-owner", value "invalid"): 400 InvalidBucketOwnerAWSAccountID "The value of
 *   the expected bucket owner parameter must be an AWS Account ID... [<value>]".
 * The copy source's header (x-amz-source-expected-bucket-owner): https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html
 */
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteBucketPolicyCommand,
  DeleteObjectsCommand,
  GetBucketPolicyCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';

const A = '111111111111';
const B = '222222222222';
const DENIED = { code: 'AccessDenied', status: 403, message: 'Access Denied' };
const malformed = (value: string) => ({
  code: 'InvalidBucketOwnerAWSAccountID',
  status: 400,
  message: `The value of the expected bucket owner parameter must be an AWS Account ID... [${value}]`,
});

describe.each(['in-process', 'http'] as const)('S3 ExpectedBucketOwner over %s', (transport) => {
  let emu: RunningEmulator;
  let s3: S3Client;
  let s3b: S3Client;
  const bucket = 'owned-by-a';
  const other = 'owned-by-b';

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    s3 = new S3Client(emu.clientConfig(A));
    s3b = new S3Client(emu.clientConfig(B));
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3b.send(new CreateBucketCommand({ Bucket: other }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'data' }));
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: B }, Action: ['s3:GetObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`] }],
        }),
      }),
    );
  });
  afterAll(() => emu.dispose());

  it('serves the request when the expected owner owns the bucket', async () => {
    const got = await s3b.send(new GetObjectCommand({ Bucket: bucket, Key: 'k', ExpectedBucketOwner: A }));
    expect(await got.Body!.transformToString()).toBe('data');
    expect((await s3.send(new ListObjectsV2Command({ Bucket: bucket, ExpectedBucketOwner: A }))).KeyCount).toBe(1);
    expect((await s3.send(new GetBucketPolicyCommand({ Bucket: bucket, ExpectedBucketOwner: A }))).Policy).toContain(B);
  });

  it('refuses with a bare 403 AccessDenied when another account owns the bucket, even for an allowed caller', async () => {
    // B is allowed to read by the bucket policy, but expects to be reading its own bucket.
    expect(await awsError(s3b.send(new GetObjectCommand({ Bucket: bucket, Key: 'k', ExpectedBucketOwner: B })))).toEqual(DENIED);
    expect(await awsError(s3b.send(new ListObjectsV2Command({ Bucket: bucket, ExpectedBucketOwner: B })))).toEqual(DENIED);
    expect(await awsError(s3.send(new GetBucketPolicyCommand({ Bucket: bucket, ExpectedBucketOwner: '000000000002' })))).toEqual(DENIED);
    // A writer that expects its own bucket does not write into someone else's.
    expect(await awsError(s3.send(new PutObjectCommand({ Bucket: other, Key: 'x', Body: 'y', ExpectedBucketOwner: A })))).toEqual(DENIED);
    const head = await awsError(s3.send(new HeadBucketCommand({ Bucket: bucket, ExpectedBucketOwner: B })));
    // HEAD answers carry no body: the SDK names the error by its status.
    expect(head.status).toBe(403);
    expect(await awsError(s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket, ExpectedBucketOwner: B })))).toEqual(DENIED);
    expect((await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy).toContain(B);
  });

  it('refuses a malformed account id with 400 InvalidBucketOwnerAWSAccountID naming it, before the bucket is looked up', async () => {
    for (const value of ['0000', 'abcd', '0000000000020']) {
      expect(await awsError(s3.send(new GetBucketPolicyCommand({ Bucket: bucket, ExpectedBucketOwner: value })))).toEqual(malformed(value));
    }
    expect(await awsError(s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket, ExpectedBucketOwner: 'invalid' })))).toEqual(malformed('invalid'));
    expect(await awsError(s3.send(new GetObjectCommand({ Bucket: 'no-such-bucket-here', Key: 'k', ExpectedBucketOwner: 'abcd' })))).toEqual(malformed('abcd'));
  });

  it("checks a copy's source owner (x-amz-source-expected-bucket-owner) and its target owner", async () => {
    const copy = (ExpectedBucketOwner?: string, ExpectedSourceBucketOwner?: string) =>
      s3b.send(new CopyObjectCommand({ Bucket: other, Key: 'copy', CopySource: `${bucket}/k`, ExpectedBucketOwner, ExpectedSourceBucketOwner }));
    expect((await copy(B, A)).CopyObjectResult?.ETag).toBeTruthy();
    expect(await awsError(copy(B, B))).toEqual(DENIED);
    expect(await awsError(copy(A, A))).toEqual(DENIED);
    expect(await awsError(copy(B, 'abcd'))).toEqual(malformed('abcd'));
  });

  it('checks the owner of a DeleteObjects batch', async () => {
    const batch = (ExpectedBucketOwner: string) => s3.send(new DeleteObjectsCommand({ Bucket: bucket, ExpectedBucketOwner, Delete: { Objects: [{ Key: 'k' }] } }));
    expect(await awsError(batch(B))).toEqual(DENIED);
    expect((await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'k' }))).ContentLength).toBe(4);
  });
});
