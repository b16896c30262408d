/**
 * UploadPartCopy through the real @aws-sdk/client-s3 over both transports. Answers as recorded against AWS in
 * LocalStack's validated snapshots (localstack tests/aws/services/s3/test_s3_api.snapshot.json, TestS3Multipart:
 * test_upload_part_copy_range, test_upload_part_copy_no_copy_source_range): the ETags of the copied ranges of
 * "0123456789", and each refused range in its words. Permissions:
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPartCopy.html (s3:GetObject on the source, s3:PutObject on
 * the destination; SSE-KMS needs kms:Decrypt and kms:GenerateDataKey).
 */
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListPartsCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';

const A = '111111111111';
const B = '222222222222';
const RANGE_FORM = {
  code: 'InvalidArgument',
  status: 400,
  message:
    'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy',
};

describe.each(['in-process', 'http'] as const)('S3 UploadPartCopy over %s', (transport) => {
  let emu: RunningEmulator;
  let s3: S3Client;
  let s3b: S3Client;
  const bucket = 'part-copy-bucket';

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    s3 = new S3Client(emu.clientConfig(A));
    s3b = new S3Client(emu.clientConfig(B));
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'src', Body: '0123456789' }));
  });
  afterAll(() => emu.dispose());

  const create = async (Key: string, client = s3, Bucket = bucket) => (await client.send(new CreateMultipartUploadCommand({ Bucket, Key }))).UploadId!;
  const copyPart = (Key: string, UploadId: string, PartNumber: number, CopySourceRange?: string, client = s3, CopySource = `${bucket}/src`, Bucket = bucket) =>
    client.send(new UploadPartCopyCommand({ Bucket, Key, UploadId, PartNumber, CopySource, CopySourceRange }));

  it('copies byte ranges into parts with the ranges MD5 as ETag, and completes them (test_upload_part_copy_range)', async () => {
    const key = 'test-upload-part-copy';
    const uploadId = await create(key);
    const etags: string[] = [];
    for (const [i, range] of ['0-8', '1-1', '0-0'].entries()) {
      const out = await copyPart(key, uploadId, i + 1, `bytes=${range}`);
      expect(out.ServerSideEncryption).toBe('AES256');
      expect(out.CopyPartResult?.LastModified).toBeInstanceOf(Date);
      etags.push(out.CopyPartResult!.ETag!);
    }
    expect(etags).toEqual(['"22975d8a5ed1b91445f6c55ac121505b"', '"c4ca4238a0b923820dcc509a6f75849b"', '"cfcd208495d565ef66e7dff9f98764da"']);
    const parts = await s3.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
    expect(parts.Parts!.map((p) => [p.PartNumber, p.Size])).toEqual([[1, 9], [2, 1], [3, 1]]);
    // Parts under 5 MiB: only a one-part upload completes, so complete a fresh upload of the whole source.
    const whole = await create('whole-copy');
    const out = await copyPart('whole-copy', whole, 1);
    expect(out.CopyPartResult!.ETag).toBe('"781e5e245d69b566979b86e28d23f2c7"');
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'whole-copy', UploadId: whole, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: out.CopyPartResult!.ETag }] } }));
    expect(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'whole-copy' }))).Body!.transformToString()).toBe('0123456789');
  });

  it('refuses malformed and out-of-range ranges in the recorded words', async () => {
    const uploadId = await create('ranges');
    expect(await awsError(copyPart('ranges', uploadId, 1, '0-8'))).toEqual(RANGE_FORM);
    for (const range of ['1-0', '-1-', '0--1', '0-1,3-4,7-9', '-', '-0', '1-', '-2', '-15']) {
      expect(await awsError(copyPart('ranges', uploadId, 1, `bytes=${range}`))).toEqual(RANGE_FORM);
    }
    expect(await awsError(copyPart('ranges', uploadId, 1, 'bytes=0-100'))).toEqual({
      code: 'InvalidArgument',
      status: 400,
      message: 'Range specified is not valid for source object of size: 10',
    });
    expect(await awsError(copyPart('ranges', uploadId, 1, 'bytes=100-200'))).toEqual({
      code: 'InvalidRequest',
      status: 400,
      message: 'The specified copy range is invalid for the source object size',
    });
  });

  it('answers NoSuchUpload and NoSuchKey', async () => {
    expect(await awsError(copyPart('nothing', 'no-such-upload-id', 1))).toEqual({
      code: 'NoSuchUpload',
      status: 404,
      message: 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    });
    const uploadId = await create('missing-source');
    expect(await awsError(copyPart('missing-source', uploadId, 1, undefined, s3, `${bucket}/no-such-source`))).toEqual({
      code: 'NoSuchKey',
      status: 404,
      message: 'The specified key does not exist.',
    });
  });

  it('needs s3:GetObject on the source and s3:PutObject on the destination', async () => {
    const dest = 'part-copy-dest-b';
    await s3b.send(new CreateBucketCommand({ Bucket: dest }));
    const uploadId = await create('from-a', s3b, dest);
    const fromA = () => copyPart('from-a', uploadId, 1, undefined, s3b, `${bucket}/src`, dest);
    expect(await awsError(fromA())).toEqual({ code: 'AccessDenied', status: 403, message: 'Access Denied' });
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: B }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }] }),
      }),
    );
    expect((await fromA()).CopyPartResult!.ETag).toBe('"781e5e245d69b566979b86e28d23f2c7"');
    // A can read its source but may not write into B's bucket.
    expect(await awsError(copyPart('from-a', uploadId, 2, undefined, s3, `${bucket}/src`, dest))).toMatchObject({ code: 'AccessDenied', status: 403 });
  });

  it('decrypts an SSE-KMS source and seals the part under an SSE-KMS upload', async () => {
    const kms = new KMSClient(emu.clientConfig(A));
    const keyArn = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'kms-src', Body: 'sealed bytes', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'kms-dest', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn }));
    const out = await copyPart('kms-dest', UploadId!, 1, 'bytes=0-5', s3, `${bucket}/kms-src`);
    expect(out).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn });
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'kms-dest', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: out.CopyPartResult!.ETag }] } }));
    expect(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'kms-dest' }))).Body!.transformToString()).toBe('sealed');
  });
});
