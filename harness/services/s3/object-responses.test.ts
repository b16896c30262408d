/**
 * Details of object responses as recorded against AWS in LocalStack's validated snapshots (localstack
 * tests/aws/services/s3/): BucketKeyEnabled under a default encryption with an S3 Bucket Key
 * (test_s3.snapshot.json test_s3_sse_bucket_key_default, test_copy_object_kms, test_s3_multipart_upload_sse);
 * `bytes=1-0` served as the whole object, 200 (test_s3_api.snapshot.json test_get_object_range, "get-1-0"); Owners
 * without DisplayName (test_s3.snapshot.json test_create_bucket_aws_global, test_s3_bucket_acl; S3's end of support
 * for DisplayName on https://docs.aws.amazon.com/AmazonS3/latest/API/API_Owner.html); Content-Language stored and
 * returned (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html#API_PutObject_RequestSyntax).
 */
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetBucketAclCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  PutBucketEncryptionCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { canonicalId } from './store.js';

const A = '111111111111';

describe.each(['in-process', 'http'] as const)('S3 object response details over %s', (transport) => {
  let emu: RunningEmulator;
  let s3: S3Client;
  const bucket = 'response-details';

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    s3 = new S3Client(emu.clientConfig(A));
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  afterAll(() => emu.dispose());

  it('returns BucketKeyEnabled on writes and reads under a bucket-key default, and not before (test_s3_sse_bucket_key_default)', async () => {
    const b = 'bucket-key-default';
    await s3.send(new CreateBucketCommand({ Bucket: b }));
    const before = await s3.send(new PutObjectCommand({ Bucket: b, Key: 'before', Body: 'test-sse' }));
    expect(before.BucketKeyEnabled).toBeUndefined();
    const keyId = (await new KMSClient(emu.clientConfig(A)).send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: b,
        ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyId }, BucketKeyEnabled: true }] },
      }),
    );
    expect((await s3.send(new GetObjectCommand({ Bucket: b, Key: 'before' }))).BucketKeyEnabled).toBeUndefined();
    const put = await s3.send(new PutObjectCommand({ Bucket: b, Key: 'after', Body: 'test-sse' }));
    expect(put).toMatchObject({ ServerSideEncryption: 'aws:kms', BucketKeyEnabled: true });
    expect((await s3.send(new GetObjectCommand({ Bucket: b, Key: 'after' }))).BucketKeyEnabled).toBe(true);
    expect((await s3.send(new HeadObjectCommand({ Bucket: b, Key: 'after' }))).BucketKeyEnabled).toBe(true);
    const copy = await s3.send(new CopyObjectCommand({ Bucket: b, Key: 'copied', CopySource: `${b}/before` }));
    expect(copy.BucketKeyEnabled).toBe(true);
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: b, Key: 'multi' }));
    const partOut = await s3.send(new UploadPartCommand({ Bucket: b, Key: 'multi', UploadId, PartNumber: 1, Body: 'one part' }));
    expect(partOut.BucketKeyEnabled).toBe(true);
    const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: b, Key: 'multi', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: partOut.ETag }] } }));
    expect(done.BucketKeyEnabled).toBe(true);
    // The request's own x-amz-server-side-encryption-bucket-key-enabled: false wins over the default.
    const off = await s3.send(new PutObjectCommand({ Bucket: b, Key: 'no-bucket-key', Body: 'x', BucketKeyEnabled: false }));
    expect(off.BucketKeyEnabled).toBeUndefined();
  });

  it('serves bytes=1-0 as the whole object with 200 (test_get_object_range)', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'digits', Body: '0123456789' }));
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'digits', Range: 'bytes=1-0' }));
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(out.ContentRange).toBeUndefined();
    expect(await out.Body!.transformToString()).toBe('0123456789');
    const ranged = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'digits', Range: 'bytes=1-1' }));
    expect([ranged.$metadata.httpStatusCode, ranged.ContentRange]).toEqual([206, 'bytes 1-1/10']);
  });

  it('answers Owners by canonical ID without DisplayName (test_create_bucket_aws_global, test_s3_bucket_acl)', async () => {
    expect((await s3.send(new ListBucketsCommand({}))).Owner).toEqual({ ID: canonicalId(A) });
    const acl = await s3.send(new GetBucketAclCommand({ Bucket: bucket }));
    expect(acl.Owner).toEqual({ ID: canonicalId(A) });
    expect(acl.Grants).toEqual([{ Grantee: { ID: canonicalId(A), Type: 'CanonicalUser' }, Permission: 'FULL_CONTROL' }]);
  });

  it('stores Content-Language and returns it on GET and HEAD, and through a copy', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'german', Body: 'Hallo', ContentLanguage: 'de-DE' }));
    expect((await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'german' }))).ContentLanguage).toBe('de-DE');
    expect((await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'german' }))).ContentLanguage).toBe('de-DE');
    await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'german-copy', CopySource: `${bucket}/german` }));
    expect((await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'german-copy' }))).ContentLanguage).toBe('de-DE');
  });
});
