/**
 * The multipart listings: ListParts and ListMultipartUploads.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListParts.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListMultipartUploads.html
 * - Actions: s3:ListMultipartUploadParts on the object, s3:ListBucketMultipartUploads on the bucket.
 * - Markers as recorded against AWS in LocalStack's validated snapshots (localstack
 *   tests/aws/services/s3/test_s3.snapshot.json test_multipart_and_list_parts; test_s3_api.snapshot.json
 *   test_upload_part_copy_range): ListParts always answers PartNumberMarker and NextPartNumberMarker (the last part
 *   listed, else the marker); ListMultipartUploads always answers KeyMarker, UploadIdMarker, NextKeyMarker and
 *   NextUploadIdMarker (the last upload listed, else empty), and Prefix only when asked for. Owners are their canonical
 *   ID alone; an Initiator keeps a DisplayName, and a root initiator is named by its account's canonical ID.
 * - Uploads are listed by key, then by initiation; key-marker alone lists the keys after it, with upload-id-marker
 *   the uploads of that key initiated after that upload, then the keys after it.
 * Deviations: ListMultipartUploads ignores delimiter (no CommonPrefixes); an Initiator's DisplayName is its ARN.
 */
import type { Initiator } from '@aws-sdk/client-s3';
import { ownerOutput } from './acl.js';
import { bucketCheck, objectCheck, resolveBucket } from './auth.js';
import { int32Param, int32Text, requireNonNegative } from './limits.js';
import { requireUpload } from './multipart.js';
import { canonicalId, type Bucket, type MultipartUpload } from './store.js';
import type { S3Operation } from './operation-types.js';

function initiatorOutput(upload: MultipartUpload): Initiator {
  const root = /^arn:aws[\w-]*:iam::(\d{12}):root$/.exec(upload.initiatorArn);
  return { ID: root ? canonicalId(root[1]!) : upload.initiatorArn, DisplayName: upload.initiatorArn };
}

export const ListParts: S3Operation<'ListParts', Bucket> = {
  resolve: resolveBucket,
  authorize: (ctx, input, bucket) => objectCheck(ctx, bucket, input.Key!, 's3:ListMultipartUploadParts'),
  handler(ctx, input, bucket) {
    const upload = requireUpload(bucket, input.UploadId, input.Key!);
    const marker = requireNonNegative(int32Text('part-number-marker', input.PartNumberMarker, 0), 'part-number-marker');
    const max = Math.min(requireNonNegative(int32Param('max-parts', input.MaxParts, 1000), 'max-parts'), 1000);
    const all = [...upload.parts.values()].filter((p) => p.partNumber > marker).sort((a, b) => a.partNumber - b.partNumber);
    const page = all.slice(0, max);
    return {
      Bucket: bucket.name,
      Key: upload.key,
      UploadId: upload.uploadId,
      PartNumberMarker: String(marker),
      NextPartNumberMarker: String(page.length > 0 ? page[page.length - 1]!.partNumber : marker),
      MaxParts: max,
      IsTruncated: all.length > max,
      ChecksumAlgorithm: upload.checksumAlgorithm,
      Parts: page.map((p) => ({
        PartNumber: p.partNumber,
        LastModified: p.lastModified,
        ETag: p.etag,
        Size: p.size,
        ...(p.checksum ? { [`Checksum${p.checksum.algorithm}`]: p.checksum.value } : {}),
      })),
      Initiator: initiatorOutput(upload),
      Owner: ownerOutput(ctx.world, upload.ownerAccount),
      StorageClass: 'STANDARD',
    };
  },
};

function byKeyThenInitiated(a: MultipartUpload, b: MultipartUpload): number {
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  return a.initiated.getTime() - b.initiated.getTime();
}

export const ListMultipartUploads: S3Operation<'ListMultipartUploads', Bucket> = {
  resolve: resolveBucket,
  authorize: (ctx, _input, bucket) => bucketCheck(ctx, bucket, 's3:ListBucketMultipartUploads'),
  handler(ctx, input, bucket) {
    const prefix = input.Prefix ?? '';
    const maxUploads = Math.min(requireNonNegative(int32Param('max-uploads', input.MaxUploads, 1000), 'max-uploads'), 1000);
    const keyMarker = input.KeyMarker ?? '';
    const uploadIdMarker = input.UploadIdMarker ?? '';
    const sorted = [...bucket.uploads.values()].filter((u) => u.key.startsWith(prefix)).sort(byKeyThenInitiated);
    let after = sorted.filter((u) => u.key > keyMarker);
    if (keyMarker !== '' && uploadIdMarker !== '') {
      const sameKey = sorted.filter((u) => u.key === keyMarker);
      const at = sameKey.findIndex((u) => u.uploadId === uploadIdMarker);
      after = [...(at >= 0 ? sameKey.slice(at + 1) : []), ...after];
    }
    const page = after.slice(0, maxUploads);
    const last = page[page.length - 1];
    return {
      Bucket: bucket.name,
      KeyMarker: keyMarker,
      UploadIdMarker: uploadIdMarker,
      NextKeyMarker: last?.key ?? '',
      NextUploadIdMarker: last?.uploadId ?? '',
      Prefix: input.Prefix,
      MaxUploads: maxUploads,
      IsTruncated: after.length > maxUploads,
      Uploads: page.map((u) => ({
        Key: u.key,
        UploadId: u.uploadId,
        Initiated: u.initiated,
        Initiator: initiatorOutput(u),
        Owner: ownerOutput(ctx.world, u.ownerAccount),
        StorageClass: 'STANDARD',
      })),
    };
  },
};
