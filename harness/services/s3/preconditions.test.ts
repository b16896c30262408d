/**
 * Conditional requests (preconditions.ts), each answer as recorded against AWS in LocalStack's validated snapshots
 * (localstack/localstack tests/aws/services/s3/):
 * - test_s3.snapshot.json: test_s3_get_object_preconditions[get_object|head_object] (order, 412/304, quotes,
 *   second precision, a future If-Modified-Since ignored), test_precondition_failed_error;
 * - test_s3_preconditions.snapshot.json: test_s3_copy_object_preconditions (x-amz-copy-source-if-*, their order);
 * - test_s3_api.snapshot.json: test_put_object_if_none_match, test_put_object_if_none_match_validation,
 *   test_put_object_if_none_match_versioned_bucket, test_put_object_if_match, test_put_object_if_match_validation,
 *   test_put_object_if_match_versioned_bucket, test_put_object_if_match_and_if_none_match_validation,
 *   test_multipart_if_none_match_with_delete, test_multipart_if_none_match_with_put, test_multipart_if_match_with_put,
 *   test_multipart_if_match_with_delete, test_multipart_if_match_etag, test_copy_object_if_none_match,
 *   test_copy_object_if_match, test_copy_object_precondition_write_validation, test_copy_object_if_none_match_in_place,
 *   test_delete_object_if_match_non_express, test_delete_object_if_match_all_non_express.
 */
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';

const A = '111111111111';
const MESSAGE = 'At least one of the pre-conditions you specified did not hold';
const failed = (condition: string) => ({ code: 'PreconditionFailed', status: 412, message: MESSAGE, condition });
const CONFLICT = 'The conditional request cannot succeed due to a conflicting operation against this resource.';
const NOT_IMPLEMENTED = 'A header you provided implies functionality that is not implemented';
const DAY = 86_400_000;
/** A 304 has no body, so the JS SDK cannot read a code from it (botocore shows Code "304", Message "Not Modified"). */
const NOT_MODIFIED = { code: 'Unknown', status: 304, message: 'UnknownError' };

/** The error as the SDK surfaces it, with the Condition (or Header) element S3 adds. */
async function refusal(call: Promise<unknown>) {
  const err = await awsError(call);
  const raw = (await call.catch((e: Record<string, unknown>) => e)) as Record<string, unknown>;
  const extra: Record<string, unknown> = {};
  for (const f of ['Condition', 'Header', 'additionalMessage', 'Key'] as const) if (raw[f] !== undefined) extra[f.charAt(0).toLowerCase() + f.slice(1)] = raw[f];
  return { ...err, ...extra };
}

describe.each(['in-process', 'http'] as const)('S3 conditional requests over %s', (transport) => {
  let emu: RunningEmulator;
  let s3: S3Client;
  const bucket = 'conditional';
  const versioned = 'conditional-versioned';
  // The emulator's clock runs ahead of the tests' once an object is written, as LocalStack's test sleeps: a date
  // between the write and "now" is then in the past for S3.
  let ahead = 0;
  const put = (Key: string, Body: string, extra: { IfMatch?: string; IfNoneMatch?: string } = {}, Bucket = bucket) =>
    s3.send(new PutObjectCommand({ Bucket, Key, Body, ...extra }));

  beforeAll(async () => {
    emu = await startEmulator({ transport, clock: () => new Date(Date.now() + ahead) });
    s3 = new S3Client(emu.clientConfig(A));
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new CreateBucketCommand({ Bucket: versioned }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: versioned, VersioningConfiguration: { Status: 'Enabled' } }));
  });
  afterAll(() => emu.dispose());

  describe('GetObject and HeadObject', () => {
    let etag: string;
    let lastModified: Date;
    beforeAll(async () => {
      etag = (await put('read', 'data')).ETag!;
      lastModified = (await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'read' }))).LastModified!;
      ahead += 3000;
    });

    it('answers 412 for If-Match, then If-Unmodified-Since, naming the Condition (GetObject)', async () => {
      const get = (c: object) => s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'read', ...c }));
      const now = new Date(lastModified.getTime() + 1000);
      const past = new Date(lastModified.getTime() - DAY);
      expect(await refusal(get({ IfModifiedSince: now, IfUnmodifiedSince: past, IfMatch: 'etag123', IfNoneMatch: etag }))).toEqual(failed('If-Match'));
      expect(await refusal(get({ IfModifiedSince: now, IfUnmodifiedSince: past, IfNoneMatch: etag }))).toEqual(failed('If-Unmodified-Since'));
    });

    it('answers 304 Not Modified for If-None-Match and If-Modified-Since, quotes or not, at the second', async () => {
      for (const Command of [GetObjectCommand, HeadObjectCommand]) {
        const call = (c: object) => s3.send(new Command({ Bucket: bucket, Key: 'read', ...c }));
        const now = new Date(lastModified.getTime() + 1000);
        expect(await awsError(call({ IfModifiedSince: now, IfNoneMatch: etag }))).toEqual(NOT_MODIFIED);
        expect(await awsError(call({ IfModifiedSince: now }))).toEqual(NOT_MODIFIED);
        expect(await awsError(call({ IfNoneMatch: etag.replace(/"/g, '') }))).toEqual(NOT_MODIFIED);
        expect(await awsError(call({ IfModifiedSince: lastModified }))).toEqual(NOT_MODIFIED);
        // A date in the future is ignored; If-Unmodified-Since equal to Last-Modified holds.
        expect((await call({ IfModifiedSince: new Date(Date.now() + DAY) })).ETag).toBe(etag);
        expect((await call({ IfUnmodifiedSince: lastModified })).ETag).toBe(etag);
        expect((await call({ IfMatch: etag.replace(/"/g, ''), IfNoneMatch: 'etag123', IfModifiedSince: new Date(lastModified.getTime() - DAY), IfUnmodifiedSince: now })).ETag).toBe(etag);
      }
      // HEAD answers carry no body: the status is what tells (botocore shows "412 Precondition Failed").
      expect(await awsError(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'read', IfMatch: 'etag123' })))).toEqual({ code: 'Unknown', status: 412, message: 'UnknownError' });
    });
  });

  describe('PutObject', () => {
    it('If-None-Match: * writes only a key that has no object, and again once it is deleted', async () => {
      await put('inm', 'one', { IfNoneMatch: '*' });
      expect(await refusal(put('inm', 'two', { IfNoneMatch: '*' }))).toEqual(failed('If-None-Match'));
      expect(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'inm' }))).Body!.transformToString()).toBe('one');
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'inm' }));
      expect((await put('inm', 'three', { IfNoneMatch: '*' })).ETag).toBeTruthy();
    });

    it('If-Match overwrites only the ETag named; a missing key is NoSuchKey', async () => {
      const etag = (await put('im', 'test')).ETag!;
      expect(await refusal(put('im', 'x', { IfMatch: 'd41d8cd98f00b204e9800998ecf8427e' }))).toEqual(failed('If-Match'));
      await put('im', 'y', { IfMatch: etag });
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'im' }));
      expect(await refusal(put('im', 'z', { IfMatch: etag }))).toEqual({ code: 'NoSuchKey', status: 404, message: 'The specified key does not exist.', key: 'im' });
      expect(await refusal(put('never', 'z', { IfMatch: 'abcdef' }))).toEqual({ code: 'NoSuchKey', status: 404, message: 'The specified key does not exist.', key: 'never' });
    });

    it('refuses values it does not take, and both headers at once, as 501 NotImplemented', async () => {
      const etag = (await put('validation', 'v')).ETag!;
      const notImplemented = (header: string, additionalMessage: string) => ({ code: 'NotImplemented', status: 501, message: NOT_IMPLEMENTED, header, additionalMessage });
      expect(await refusal(put('validation', 'w', { IfNoneMatch: etag }))).toEqual(
        notImplemented('If-None-Match', "We don't accept the provided value of If-None-Match header for this API"),
      );
      expect(await refusal(put('validation', 'w', { IfMatch: '*' }))).toEqual(notImplemented('If-Match', "We don't accept the provided value of If-Match header for this API"));
      expect(await refusal(put('validation', 'w', { IfMatch: 'abcdef', IfNoneMatch: '*' }))).toEqual(
        notImplemented('If-Match,If-None-Match', 'Multiple conditional request headers present in the request'),
      );
    });

    it('on a versioned bucket, a delete marker counts as no object', async () => {
      const etag = (await put('vk', 'test', {}, versioned)).ETag!;
      expect(await refusal(put('vk', 'again', { IfNoneMatch: '*' }, versioned))).toEqual(failed('If-None-Match'));
      expect(await refusal(put('vk', 'again', { IfMatch: 'abcdef' }, versioned))).toEqual(failed('If-Match'));
      await s3.send(new DeleteObjectCommand({ Bucket: versioned, Key: 'vk' }));
      expect(await refusal(put('vk', 'again', { IfMatch: etag }, versioned))).toMatchObject({ code: 'NoSuchKey', status: 404 });
      expect((await put('vk', 'after', { IfNoneMatch: '*' }, versioned)).VersionId).toBeTruthy();
    });
  });

  describe('CompleteMultipartUpload', () => {
    async function upload(Key: string) {
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key }));
      const part = await s3.send(new UploadPartCommand({ Bucket: bucket, Key, UploadId, PartNumber: 1, Body: 'test' }));
      return (c: { IfMatch?: string; IfNoneMatch?: string }) =>
        s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key, UploadId, MultipartUpload: { Parts: [{ ETag: part.ETag, PartNumber: 1 }] }, ...c }));
    }
    const conflict = (condition: string, key: string) => ({ code: 'ConditionalRequestConflict', status: 409, message: CONFLICT, condition, key });

    it('If-None-Match: 412 while the key exists, 409 when it was deleted during the upload, 200 for a new upload', async () => {
      await put('mp-inm', 'x', { IfNoneMatch: '*' });
      const complete = await upload('mp-inm');
      expect(await refusal(complete({ IfNoneMatch: '*' }))).toEqual(failed('If-None-Match'));
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'mp-inm' }));
      expect(await refusal(complete({ IfNoneMatch: '*' }))).toEqual(conflict('If-None-Match', 'mp-inm'));
      expect((await (await upload('mp-inm'))({ IfNoneMatch: '*' })).ETag).toMatch(/-1"$/);
    });

    it('If-None-Match: 412 when a put came in during the upload', async () => {
      const complete = await upload('mp-inm-put');
      await put('mp-inm-put', 'x', { IfNoneMatch: '*' });
      expect(await refusal(complete({ IfNoneMatch: '*' }))).toEqual(failed('If-None-Match'));
    });

    it('If-Match: 412 on the replaced ETag, 409 on the new one (even with identical content), NoSuchKey after a delete', async () => {
      const etag1 = (await put('mp-im', 'test')).ETag!;
      const complete = await upload('mp-im');
      const etag2 = (await put('mp-im', 'test2')).ETag!;
      expect(await refusal(complete({ IfMatch: etag1 }))).toEqual(failed('If-Match'));
      expect(await refusal(complete({ IfMatch: etag2 }))).toEqual(conflict('If-Match', 'mp-im'));
      const first = await (await upload('mp-im'))({ IfMatch: etag2 });
      const again = await upload('mp-im');
      expect(await refusal(again({ IfMatch: etag1 }))).toEqual(failed('If-Match'));
      expect((await again({ IfMatch: first.ETag })).ETag).toMatch(/-1"$/);

      const etag3 = (await put('mp-im-del', 'test')).ETag!;
      const afterDelete = await upload('mp-im-del');
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'mp-im-del' }));
      expect(await refusal(afterDelete({ IfMatch: etag3 }))).toMatchObject({ code: 'NoSuchKey', status: 404, message: 'The specified key does not exist.' });
      const etag4 = (await put('mp-im-del', 'test')).ETag!;
      expect(await refusal(afterDelete({ IfMatch: etag4 }))).toEqual(conflict('If-Match', 'mp-im-del'));
    });
  });

  describe('CopyObject', () => {
    const copy = (c: object, Key = 'copy-dest') => s3.send(new CopyObjectCommand({ Bucket: bucket, Key, CopySource: `${bucket}/copy-src`, ...c }));
    let etag: string;
    let lastModified: Date;
    beforeAll(async () => {
      etag = (await put('copy-src', 'data')).ETag!;
      lastModified = (await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'copy-src' }))).LastModified!;
      ahead += 3000;
    });

    it('checks the source conditions in S3 order, each a 412 naming its x-amz-copy-source header', async () => {
      const now = new Date(lastModified.getTime() + 1000);
      const past = new Date(lastModified.getTime() - DAY);
      expect(await refusal(copy({ CopySourceIfModifiedSince: now, CopySourceIfUnmodifiedSince: past, CopySourceIfMatch: 'etag123', CopySourceIfNoneMatch: etag }))).toEqual(
        failed('x-amz-copy-source-If-Match'),
      );
      expect(await refusal(copy({ CopySourceIfModifiedSince: now, CopySourceIfUnmodifiedSince: past, CopySourceIfNoneMatch: etag }))).toEqual(
        failed('x-amz-copy-source-If-Unmodified-Since'),
      );
      expect(await refusal(copy({ CopySourceIfModifiedSince: now, CopySourceIfNoneMatch: etag }))).toEqual(failed('x-amz-copy-source-If-None-Match'));
      expect(await refusal(copy({ CopySourceIfModifiedSince: now }))).toEqual(failed('x-amz-copy-source-If-Modified-Since'));
      expect(await refusal(copy({ CopySourceIfNoneMatch: etag.replace(/"/g, '') }))).toEqual(failed('x-amz-copy-source-If-None-Match'));
      expect((await copy({ CopySourceIfModifiedSince: new Date(Date.now() + DAY) })).CopyObjectResult?.ETag).toBe(etag);
      const ok = await copy({ CopySourceIfMatch: etag.replace(/"/g, ''), CopySourceIfNoneMatch: 'etag123', CopySourceIfModifiedSince: past, CopySourceIfUnmodifiedSince: now });
      expect(ok.CopyObjectResult?.ETag).toBe(etag);
    });

    it('checks the target conditions (If-None-Match, If-Match) as a write', async () => {
      expect(await refusal(copy({ IfNoneMatch: '*' }))).toEqual(failed('If-None-Match'));
      expect(await refusal(copy({ IfNoneMatch: '*', StorageClass: 'STANDARD' }, 'copy-src'))).toEqual(failed('If-None-Match'));
      expect(await refusal(copy({ IfMatch: 'etag123' }))).toEqual(failed('If-Match'));
      expect(await refusal(copy({ IfMatch: etag }, 'non-existent-key'))).toMatchObject({ code: 'NoSuchKey', status: 404, key: 'non-existent-key' });
      expect(await refusal(copy({ IfMatch: '*' }))).toMatchObject({ code: 'NotImplemented', status: 501, header: 'If-Match' });
      expect((await copy({ IfMatch: etag })).CopyObjectResult?.ETag).toBe(etag);
      expect((await copy({ IfNoneMatch: '*' }, 'copy-fresh')).CopyObjectResult?.ETag).toBe(etag);
    });
  });

  describe('DeleteObject', () => {
    it('If-Match: 412 on another ETag, deletes on its own; the directory-bucket conditions are 501', async () => {
      const etag = (await put('del', 'x')).ETag!;
      const del = (c: object) => s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'del', ...c }));
      expect(await refusal(del({ IfMatch: 'badvalue' }))).toEqual(failed('If-Match'));
      expect(await refusal(del({ IfMatchSize: 10, IfMatch: 'badvalue', IfMatchLastModifiedTime: new Date(Date.now() - DAY) }))).toEqual({
        code: 'NotImplemented',
        status: 501,
        message: NOT_IMPLEMENTED,
        header: 'x-amz-if-match-last-modified-time',
      });
      expect(await refusal(del({ IfMatchSize: 10 }))).toEqual({ code: 'NotImplemented', status: 501, message: NOT_IMPLEMENTED, header: 'x-amz-if-match-size' });
      expect((await del({ IfMatch: etag })).$metadata.httpStatusCode).toBe(204);
      expect(await refusal(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'del' })))).toMatchObject({ status: 404 });
    });
  });
});
