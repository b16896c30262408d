/**
 * What every object response shows of a stored version: x-amz-version-id and the x-amz-checksum-* headers.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html#API_GetObject_ResponseSyntax
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
 */
import type { Bucket, ChecksumRecord, ObjectVersion } from './store.js';

/** x-amz-version-id is shown for buckets that have (or had) versioning. */
export function versionHeader(bucket: Bucket, v: ObjectVersion): string | undefined {
  return bucket.versioning || v.versionId !== 'null' ? v.versionId : undefined;
}

export function checksumOutput(c: ChecksumRecord | undefined): Record<string, string> {
  if (!c) return {};
  const name = `Checksum${c.algorithm}`;
  return { [name]: c.value, ChecksumType: c.type };
}
