/**
 * S3 object operations through the real @aws-sdk/client-s3, over both transports: byte-for-byte round trips
 * (including a streamed body the SDK sends aws-chunked with a trailing CRC32), ranges, versions, listing,
 * copy, batch delete, multipart upload, ACLs and Object Ownership across accounts.
 * Errors: errors.jsonl E036 (NoSuchKey), E043 (AccessControlListNotSupported); the rest from the S3 API reference
 * (ErrorResponses.html) as quoted in errors.ts.
 */
import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  ListPartsCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectAclCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';
import { canonicalId } from './store.js';

const A = '111111111111';
const B = '222222222222';

async function bytes(out: { Body?: { transformToByteArray(): Promise<Uint8Array> } }): Promise<Buffer> {
  return Buffer.from(await out.Body!.transformToByteArray());
}

describe.each(['in-process', 'http'] as const)('S3 objects over %s', (transport) => {
  let emu: RunningEmulator;
  let s3: S3Client;
  let s3b: S3Client;
  const bucket = 'objects-bucket';

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    s3 = new S3Client(emu.clientConfig(A));
    s3b = new S3Client(emu.clientConfig(B));
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  afterAll(() => emu.dispose());

  it('returns the object byte for byte with its metadata', async () => {
    const body = randomBytes(300_000);
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'dir/bin ary+key.dat', Body: body, ContentType: 'application/x-test', Metadata: { stage: 'build' } }));
    expect(put.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(put.ServerSideEncryption).toBe('AES256');
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'dir/bin ary+key.dat' }));
    expect((await bytes(got)).equals(body)).toBe(true);
    expect(got).toMatchObject({ ContentType: 'application/x-test', Metadata: { stage: 'build' }, ContentLength: body.length, ETag: put.ETag });
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'dir/bin ary+key.dat' }));
    expect(head).toMatchObject({ ContentLength: body.length, ETag: put.ETag, Metadata: { stage: 'build' } });
  });

  it('stores a streamed body the SDK sends aws-chunked with a trailing checksum', async () => {
    const body = randomBytes(200_000);
    const stream = Readable.from([body.subarray(0, 70_000), body.subarray(70_000)]);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'streamed', Body: stream, ContentLength: body.length }));
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'streamed' }));
    expect((await bytes(got)).equals(body)).toBe(true);
  });

  it('serves ranges with 206 and refuses unsatisfiable ones (416 InvalidRange)', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'digits', Body: '0123456789' }));
    const mid = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'digits', Range: 'bytes=2-5' }));
    expect(mid.$metadata.httpStatusCode).toBe(206);
    expect(mid.ContentRange).toBe('bytes 2-5/10');
    expect((await bytes(mid)).toString()).toBe('2345');
    const tail = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'digits', Range: 'bytes=-3' }));
    expect((await bytes(tail)).toString()).toBe('789');
    expect(await awsError(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'digits', Range: 'bytes=20-30' })))).toEqual({
      code: 'InvalidRange',
      status: 416,
      message: 'The requested range is not satisfiable',
    });
  });

  it('answers NoSuchKey to a caller who may list the bucket (E036)', async () => {
    expect(await awsError(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'missing' })))).toEqual({
      code: 'NoSuchKey',
      status: 404,
      message: 'The specified key does not exist.',
    });
  });

  it('deletes one object and many at once', async () => {
    for (const k of ['d/1', 'd/2', 'd/3']) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: k, Body: k }));
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'd/1' }));
    const out = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'd/2' }, { Key: 'd/3' }] } }));
    expect(out.Deleted!.map((d) => d.Key).sort()).toEqual(['d/2', 'd/3']);
    const list = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'd/' }));
    expect(list.KeyCount).toBe(0);
  });

  it('copies an object with its metadata, or replaces the metadata; refuses a no-op self copy', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'orig', Body: 'original', Metadata: { a: '1' } }));
    await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy', CopySource: `${bucket}/orig` }));
    const copy = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'copy' }));
    expect((await bytes(copy)).toString()).toBe('original');
    expect(copy.Metadata).toEqual({ a: '1' });
    await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy2', CopySource: `${bucket}/orig`, MetadataDirective: 'REPLACE', Metadata: { b: '2' } }));
    expect((await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'copy2' }))).Metadata).toEqual({ b: '2' });
    expect(await awsError(s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'orig', CopySource: `${bucket}/orig` })))).toEqual({
      code: 'InvalidRequest',
      status: 400,
      message:
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    });
  });

  it('lists with prefix, delimiter and pagination', async () => {
    const b = 'listing-bucket';
    await s3.send(new CreateBucketCommand({ Bucket: b }));
    for (const k of ['a.txt', 'logs/1', 'logs/2', 'src/x/y', 'src/z', 'z.txt']) await s3.send(new PutObjectCommand({ Bucket: b, Key: k, Body: k }));
    const top = await s3.send(new ListObjectsV2Command({ Bucket: b, Delimiter: '/' }));
    expect(top.Contents!.map((c) => c.Key)).toEqual(['a.txt', 'z.txt']);
    expect(top.CommonPrefixes!.map((p) => p.Prefix)).toEqual(['logs/', 'src/']);
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: b, MaxKeys: 2, ContinuationToken: token }));
      keys.push(...(page.Contents ?? []).map((c) => c.Key!));
      token = page.NextContinuationToken;
      expect(page.IsTruncated).toBe(token !== undefined);
    } while (token);
    expect(keys).toEqual(['a.txt', 'logs/1', 'logs/2', 'src/x/y', 'src/z', 'z.txt']);
  });

  describe('versioning', () => {
    const vb = 'versions-bucket';
    beforeAll(async () => {
      await s3.send(new CreateBucketCommand({ Bucket: vb }));
      await s3.send(new PutBucketVersioningCommand({ Bucket: vb, VersioningConfiguration: { Status: 'Enabled' } }));
    });

    it('keeps every version, hides the key behind a delete marker and reads old versions', async () => {
      const v1 = await s3.send(new PutObjectCommand({ Bucket: vb, Key: 'doc', Body: 'one' }));
      const v2 = await s3.send(new PutObjectCommand({ Bucket: vb, Key: 'doc', Body: 'two' }));
      expect(v1.VersionId).toMatch(/^[A-Za-z0-9._]{32}$/);
      expect(v1.VersionId).not.toBe(v2.VersionId);
      expect((await bytes(await s3.send(new GetObjectCommand({ Bucket: vb, Key: 'doc' })))).toString()).toBe('two');
      expect((await bytes(await s3.send(new GetObjectCommand({ Bucket: vb, Key: 'doc', VersionId: v1.VersionId })))).toString()).toBe('one');
      const del = await s3.send(new DeleteObjectCommand({ Bucket: vb, Key: 'doc' }));
      expect(del.DeleteMarker).toBe(true);
      expect(await awsError(s3.send(new GetObjectCommand({ Bucket: vb, Key: 'doc' })))).toEqual({
        code: 'NoSuchKey',
        status: 404,
        message: 'The specified key does not exist.',
      });
      expect(await awsError(s3.send(new GetObjectCommand({ Bucket: vb, Key: 'doc', VersionId: del.VersionId })))).toEqual({
        code: 'MethodNotAllowed',
        status: 405,
        message: 'The specified method is not allowed against this resource.',
      });
      const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: vb }));
      expect(versions.Versions!.map((v) => [v.VersionId, v.IsLatest])).toEqual([
        [v2.VersionId, false],
        [v1.VersionId, false],
      ]);
      expect(versions.DeleteMarkers!.map((m) => [m.VersionId, m.IsLatest])).toEqual([[del.VersionId, true]]);
      await s3.send(new DeleteObjectCommand({ Bucket: vb, Key: 'doc', VersionId: del.VersionId }));
      expect((await bytes(await s3.send(new GetObjectCommand({ Bucket: vb, Key: 'doc' })))).toString()).toBe('two');
    });

    it('answers NoSuchVersion for an unknown version and InvalidArgument for a malformed one', async () => {
      await s3.send(new PutObjectCommand({ Bucket: vb, Key: 'other', Body: 'x' }));
      expect(await awsError(s3.send(new GetObjectCommand({ Bucket: vb, Key: 'other', VersionId: 'A'.repeat(32) })))).toEqual({
        code: 'NoSuchVersion',
        status: 404,
        message: 'The specified version does not exist.',
      });
      expect(await awsError(s3.send(new GetObjectCommand({ Bucket: vb, Key: 'other', VersionId: 'not-a-version' })))).toEqual({
        code: 'InvalidArgument',
        status: 400,
        message: 'Invalid version id specified',
      });
    });
  });

  describe('multipart upload', () => {
    const MiB = 1024 * 1024;

    it('assembles the parts in order, byte for byte, with an MD5-of-MD5s ETag', async () => {
      const p1 = randomBytes(5 * MiB);
      const p2 = randomBytes(1234);
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'big' }));
      const e1 = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'big', UploadId, PartNumber: 1, Body: p1 }));
      const e2 = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'big', UploadId, PartNumber: 2, Body: p2 }));
      const parts = await s3.send(new ListPartsCommand({ Bucket: bucket, Key: 'big', UploadId }));
      expect(parts.Parts!.map((p) => [p.PartNumber, p.Size])).toEqual([
        [1, p1.length],
        [2, p2.length],
      ]);
      expect(await awsError(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'big' })))).toMatchObject({ code: 'NoSuchKey', status: 404 });
      const done = await s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: 'big',
          UploadId,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: e1.ETag }, { PartNumber: 2, ETag: e2.ETag }] },
        }),
      );
      expect(done.ETag).toMatch(/^"[0-9a-f]{32}-2"$/);
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'big' }));
      expect((await bytes(got)).equals(Buffer.concat([p1, p2]))).toBe(true);
    });

    it('refuses small non-final parts (EntityTooSmall) and forgets aborted uploads (NoSuchUpload)', async () => {
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'small' }));
      const e1 = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'small', UploadId, PartNumber: 1, Body: 'tiny' }));
      const e2 = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'small', UploadId, PartNumber: 2, Body: 'tiny' }));
      const complete = () =>
        s3.send(
          new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'small', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: e1.ETag }, { PartNumber: 2, ETag: e2.ETag }] } }),
        );
      expect(await awsError(complete())).toEqual({ code: 'EntityTooSmall', status: 400, message: 'Your proposed upload is smaller than the minimum allowed size' });
      await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: 'small', UploadId }));
      expect(await awsError(complete())).toEqual({
        code: 'NoSuchUpload',
        status: 404,
        message: 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      });
    });
  });

  describe('ACLs and Object Ownership', () => {
    const crossPolicy = (b: string) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: B }, Action: ['s3:PutObject', 's3:PutObjectAcl', 's3:GetObject'], Resource: `arn:aws:s3:::${b}/*` }],
      });

    it('refuses ACLs under BucketOwnerEnforced except bucket-owner-full-control (E043)', async () => {
      expect(await awsError(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'acl', Body: 'x', ACL: 'public-read' })))).toEqual({
        code: 'AccessControlListNotSupported',
        status: 400,
        message: 'The bucket does not allow ACLs',
      });
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'acl', Body: 'x', ACL: 'bucket-owner-full-control' }));
      expect(await awsError(s3.send(new PutObjectAclCommand({ Bucket: bucket, Key: 'acl', ACL: 'public-read' })))).toEqual({
        code: 'AccessControlListNotSupported',
        status: 400,
        message: 'The bucket does not allow ACLs',
      });
    });

    it('under BucketOwnerEnforced the bucket owner owns what another account writes', async () => {
      const b = 'enforced-shared';
      await s3.send(new CreateBucketCommand({ Bucket: b }));
      await s3.send(new PutBucketPolicyCommand({ Bucket: b, Policy: crossPolicy(b) }));
      await s3b.send(new PutObjectCommand({ Bucket: b, Key: 'from-b', Body: 'hello' }));
      expect((await bytes(await s3.send(new GetObjectCommand({ Bucket: b, Key: 'from-b' })))).toString()).toBe('hello');
      const acl = await s3.send(new GetObjectAclCommand({ Bucket: b, Key: 'from-b' }));
      expect(acl.Owner).toEqual({ ID: canonicalId(A) });
    });

    it('under ObjectWriter the writer owns the object: the bucket owner reads it only with an ACL grant', async () => {
      const b = 'writer-owned';
      await s3.send(new CreateBucketCommand({ Bucket: b, ObjectOwnership: 'ObjectWriter' }));
      await s3.send(new PutBucketPolicyCommand({ Bucket: b, Policy: crossPolicy(b) }));
      await s3b.send(new PutObjectCommand({ Bucket: b, Key: 'private', Body: 'mine' }));
      expect(await awsError(s3.send(new GetObjectCommand({ Bucket: b, Key: 'private' })))).toEqual({ code: 'AccessDenied', status: 403, message: 'Access Denied' });
      expect((await bytes(await s3b.send(new GetObjectCommand({ Bucket: b, Key: 'private' })))).toString()).toBe('mine');
      await s3b.send(new PutObjectCommand({ Bucket: b, Key: 'shared', Body: 'ours', ACL: 'bucket-owner-full-control' }));
      expect((await bytes(await s3.send(new GetObjectCommand({ Bucket: b, Key: 'shared' })))).toString()).toBe('ours');
      const acl = await s3.send(new GetObjectAclCommand({ Bucket: b, Key: 'shared' }));
      expect(acl.Owner).toEqual({ ID: canonicalId(B) });
      expect(acl.Grants!.map((g) => [g.Grantee?.ID, g.Permission])).toEqual([
        [canonicalId(B), 'FULL_CONTROL'],
        [canonicalId(A), 'FULL_CONTROL'],
      ]);
      await s3b.send(new PutObjectAclCommand({ Bucket: b, Key: 'private', ACL: 'bucket-owner-read' }));
      expect((await bytes(await s3.send(new GetObjectCommand({ Bucket: b, Key: 'private' })))).toString()).toBe('mine');
    });

    it('under BucketOwnerPreferred bucket-owner-full-control hands ownership to the bucket owner', async () => {
      const b = 'owner-preferred';
      await s3.send(new CreateBucketCommand({ Bucket: b, ObjectOwnership: 'BucketOwnerPreferred' }));
      await s3.send(new PutBucketPolicyCommand({ Bucket: b, Policy: crossPolicy(b) }));
      await s3b.send(new PutObjectCommand({ Bucket: b, Key: 'given', Body: 'x', ACL: 'bucket-owner-full-control' }));
      expect((await s3.send(new GetObjectAclCommand({ Bucket: b, Key: 'given' }))).Owner).toEqual({ ID: canonicalId(A) });
      await s3b.send(new PutObjectCommand({ Bucket: b, Key: 'kept', Body: 'x' }));
      expect(await awsError(s3.send(new GetObjectCommand({ Bucket: b, Key: 'kept' })))).toEqual({ code: 'AccessDenied', status: 403, message: 'Access Denied' });
    });
  });
});
