/**
 * Multipart listings and CompleteMultipartUpload's refusals through the real @aws-sdk/client-s3 over both transports,
 * as recorded against AWS in LocalStack's validated snapshots: localstack tests/aws/services/s3/test_s3.snapshot.json
 * (test_multipart_and_list_parts: markers, Owner without DisplayName, Initiator with one, no Prefix unless asked;
 * test_multipart_complete_multipart_wrong_part, test_complete_multipart_parts_order,
 * test_multipart_complete_multipart_too_small: the refusals' words).
 */
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';
import { canonicalId } from './store.js';

const A = '111111111111';

describe.each(['in-process', 'http'] as const)('S3 multipart listings and refusals over %s', (transport) => {
  let emu: RunningEmulator;
  let s3: S3Client;
  const bucket = 'multipart-list-bucket';
  const create = async (Key: string) => (await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key }))).UploadId!;
  const part = async (Key: string, UploadId: string, PartNumber: number, Body: string | Buffer) =>
    (await s3.send(new UploadPartCommand({ Bucket: bucket, Key, UploadId, PartNumber, Body }))).ETag!;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    s3 = new S3Client(emu.clientConfig(A));
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  afterAll(() => emu.dispose());

  it('answers ListParts markers always, the Owner by canonical ID alone and the Initiator with a DisplayName', async () => {
    const key = 'test-list-parts';
    const uploadId = await create(key);
    const empty = await s3.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
    expect(empty).toMatchObject({ PartNumberMarker: '0', NextPartNumberMarker: '0', IsTruncated: false, MaxParts: 1000, Owner: { ID: canonicalId(A) } });
    expect(empty.Owner!.DisplayName).toBeUndefined();
    expect(empty.Initiator).toEqual({ ID: canonicalId(A), DisplayName: expect.any(String) });
    for (const n of [1, 2, 3]) await part(key, uploadId, n, `part-${n}`);
    const first = await s3.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MaxParts: 2 }));
    expect(first).toMatchObject({ PartNumberMarker: '0', NextPartNumberMarker: '2', IsTruncated: true });
    const rest = await s3.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumberMarker: '2' }));
    expect(rest).toMatchObject({ PartNumberMarker: '2', NextPartNumberMarker: '3', IsTruncated: false });
    expect(rest.Parts!.map((p) => p.PartNumber)).toEqual([3]);
  });

  it('pages ListMultipartUploads by key-marker and upload-id-marker, with the markers AWS answers', async () => {
    const b = 'uploads-paged';
    await s3.send(new CreateBucketCommand({ Bucket: b }));
    const up = async (Key: string) => (await s3.send(new CreateMultipartUploadCommand({ Bucket: b, Key }))).UploadId!;
    const list = (input: { KeyMarker?: string; UploadIdMarker?: string; MaxUploads?: number; Prefix?: string } = {}) =>
      s3.send(new ListMultipartUploadsCommand({ Bucket: b, ...input }));
    const none = await list();
    expect(none).toMatchObject({ KeyMarker: '', UploadIdMarker: '', NextKeyMarker: '', NextUploadIdMarker: '', IsTruncated: false, MaxUploads: 1000 });
    expect(none.Prefix).toBeUndefined();
    const a1 = await up('a');
    const a2 = await up('a');
    const c1 = await up('c');
    const page1 = await list({ MaxUploads: 2 });
    expect(page1.Uploads!.map((u) => u.UploadId)).toEqual([a1, a2]);
    expect(page1).toMatchObject({ IsTruncated: true, NextKeyMarker: 'a', NextUploadIdMarker: a2 });
    expect(page1.Uploads![0]!.Owner).toEqual({ ID: canonicalId(A) });
    const page2 = await list({ KeyMarker: 'a', UploadIdMarker: a1 });
    expect(page2.Uploads!.map((u) => u.UploadId)).toEqual([a2, c1]);
    expect(page2).toMatchObject({ KeyMarker: 'a', UploadIdMarker: a1, NextKeyMarker: 'c', NextUploadIdMarker: c1, IsTruncated: false });
    expect((await list({ KeyMarker: 'a' })).Uploads!.map((u) => u.UploadId)).toEqual([c1]);
    expect(await list({ Prefix: 'c' })).toMatchObject({ Prefix: 'c', Uploads: [{ UploadId: c1 }] });
  });

  it('refuses CompleteMultipartUpload in the recorded words', async () => {
    const key = 'complete-refused';
    const uploadId = await create(key);
    const complete = (Parts?: Array<{ PartNumber: number; ETag: string }>) =>
      s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: Parts && { Parts } }));
    expect(await awsError(complete())).toEqual({ code: 'InvalidRequest', status: 400, message: 'You must specify at least one part' });
    const e1 = await part(key, uploadId, 1, 'data');
    const e2 = await part(key, uploadId, 2, 'more');
    expect(await awsError(complete([{ PartNumber: 2, ETag: e2 }, { PartNumber: 1, ETag: e1 }]))).toEqual({
      code: 'InvalidPartOrder',
      status: 400,
      message: 'The list of parts was not in ascending order. Parts must be ordered by part number.',
    });
    const invalidPart = {
      code: 'InvalidPart',
      status: 400,
      message: "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
    };
    expect(await awsError(complete([{ PartNumber: 3, ETag: e1 }]))).toEqual(invalidPart);
    expect(await awsError(complete([{ PartNumber: 1, ETag: '"d41d8cd98f00b204e9800998ecf8427e"' }]))).toEqual(invalidPart);
    expect(await awsError(complete([{ PartNumber: 1, ETag: e1 }, { PartNumber: 2, ETag: e2 }]))).toEqual({
      code: 'EntityTooSmall',
      status: 400,
      message: 'Your proposed upload is smaller than the minimum allowed size',
    });
  });
});
