/**
 * What every object response shows of a stored version: x-amz-version-id and the x-amz-checksum-* headers.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html#API_GetObject_ResponseSyntax
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
 */
import type { ChecksumType } from '@aws-sdk/client-s3';
import type { Bucket, ChecksumRecord, ObjectVersion } from './store.js';

/** x-amz-version-id is shown for buckets that have (or had) versioning. */
export function versionHeader(bucket: Bucket, v: ObjectVersion): string | undefined {
  return bucket.versioning || v.versionId !== 'null' ? v.versionId : undefined;
}

/**
 * x-amz-version-id on a write's answer: the new version's id, none for the "null" version a suspended bucket
 * writes (LocalStack's validated snapshot test_put_object_on_suspended_bucket: "put-object-suspended" has no
 * VersionId, while a read of that version shows "null").
 */
export function writtenVersionId(v: ObjectVersion): string | undefined {
  return v.versionId === 'null' ? undefined : v.versionId;
}

/** The checksum value members of an output (x-amz-checksum-<algorithm>), one of which a stored checksum fills. */
export type ChecksumValues = Partial<Record<`Checksum${ChecksumRecord['algorithm']}`, string>>;

/** A stored checksum as output members: its value, and its type where the output has one. */
export function checksumValue(c: ChecksumRecord | undefined): ChecksumValues {
  return c ? { [`Checksum${c.algorithm}`]: c.value } : {};
}

export function checksumOutput(c: ChecksumRecord | undefined): ChecksumValues & { ChecksumType?: ChecksumType } {
  return c ? { ...checksumValue(c), ChecksumType: c.type } : {};
}
