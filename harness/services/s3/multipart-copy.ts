/**
 * UploadPartCopy: a part of a multipart upload copied from an existing object, whole or a byte range of it
 * (x-amz-copy-source, x-amz-copy-source-range). https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPartCopy.html
 * - Authorized as the page's Permissions say: s3:GetObject (s3:GetObjectVersion for a named version) on the source,
 *   with the object-context check of its ACL, and s3:PutObject on the destination; the source's absent key is told
 *   only to a caller who may list its bucket. An SSE-KMS source is decrypted as the caller (kms:Decrypt), and a part
 *   of an SSE-KMS upload is sealed under the upload's data key, which KMS decrypts as the caller (multipart.ts).
 * - The range must be `bytes=first-last` with first <= last: otherwise 400 InvalidArgument "The
 *   x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based
 *   offsets of the first and last bytes to copy"; a first byte past the source is 400 InvalidRequest "The specified
 *   copy range is invalid for the source object size", a last byte past it 400 InvalidArgument "Range specified is
 *   not valid for source object of size: <size>". As recorded against AWS in LocalStack's validated snapshots
 *   (localstack tests/aws/services/s3/test_s3_api.snapshot.json: TestS3Multipart test_upload_part_copy_range,
 *   test_upload_part_copy_no_copy_source_range): the answer is CopyPartResult (ETag, the copied bytes' MD5, and
 *   LastModified) with the upload's ServerSideEncryption.
 * The x-amz-copy-source-if-* conditions are evaluated as CopyObject's (preconditions.ts).
 * Deviations: SSE-C is not modelled.
 */
import { InvalidArgument, InvalidRequest } from './errors.js';
import { requirePartNumber, requireUpload, storePart, uploadSse } from './multipart.js';
import { copyChecks, resolveCopy, type CopyTarget } from './object-copy.js';
import { checksumValue, versionHeader } from './object-output.js';
import { foundVersion } from './object-read.js';
import { requireCopySourceConditions } from './preconditions.js';
import { sseOutput } from './object-write.js';
import { openObject } from './sse.js';
import type { S3Operation } from './operation-types.js';

const RANGE_FORM =
  'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy';

/** The bytes x-amz-copy-source-range names in a source of `size` bytes; undefined for the whole source. */
export function copyRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  if (header === undefined) return undefined;
  const m = /^bytes=(\d+)-(\d+)$/.exec(header);
  if (!m || Number(m[1]) > Number(m[2])) throw InvalidArgument(RANGE_FORM, 'x-amz-copy-source-range', header);
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (start >= size) throw InvalidRequest('The specified copy range is invalid for the source object size');
  if (end >= size) throw InvalidArgument(`Range specified is not valid for source object of size: ${size}`, 'x-amz-copy-source-range', header);
  return { start, end };
}

export const UploadPartCopy: S3Operation<'UploadPartCopy', CopyTarget> = {
  resolve: resolveCopy,
  authorize: (ctx, input, target) => copyChecks(ctx, input.Key!, target),
  async handler(ctx, input, { bucket, source }) {
    const upload = requireUpload(bucket, input.UploadId, input.Key!);
    const partNumber = requirePartNumber(input.PartNumber);
    const v = foundVersion(source.lookup);
    requireCopySourceConditions(input, v, ctx.now());
    const range = copyRange(input.CopySourceRange, v.size);
    const whole = await openObject(ctx, source.bucket.name, v.key, v.data, v.sse);
    const plain = range ? whole.subarray(range.start, range.end + 1) : whole;
    const part = await storePart(ctx, bucket, upload, partNumber, plain);
    return {
      CopySourceVersionId: versionHeader(source.bucket, v),
      CopyPartResult: { ETag: part.etag, LastModified: part.lastModified, ...checksumValue(part.checksum) },
      ...sseOutput(uploadSse(upload)),
    };
  },
};
