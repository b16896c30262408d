/**
 * Conditional requests, as S3 evaluates them (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-requests.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html, API_CopyObject.html, API_PutObject.html).
 * Answers as recorded against AWS in LocalStack's validated snapshots (localstack/localstack tests/aws/services/s3/):
 * - Reads (GetObject, HeadObject; test_s3.snapshot.json test_s3_get_object_preconditions): If-Match, then
 *   If-Unmodified-Since (412 PreconditionFailed naming the Condition), then If-None-Match, then If-Modified-Since
 *   (304 Not Modified). If-Match present decides over If-Unmodified-Since, If-None-Match over If-Modified-Since
 *   (the combinations in API_GetObject.html). Dates compare at the second; an If-Modified-Since in the future is
 *   ignored; ETags compare with or without their quotes.
 * - A copy's source (x-amz-copy-source-if-*; test_s3_preconditions.snapshot.json): the same order, every failure a
 *   412 whose Condition is the header's name ("x-amz-copy-source-If-Match"…).
 * - Writes (PutObject, CopyObject's target, CompleteMultipartUpload; test_s3_api.snapshot.json test_put_object_if_*,
 *   test_copy_object_if_*, test_multipart_if_*): If-None-Match takes only "*" and If-Match anything but "*", one of
 *   them at a time (501 NotImplemented otherwise, with S3's additionalMessage); If-None-Match: * fails (412) when the
 *   key has a current version that is not a delete marker; If-Match on a key without one is 404 NoSuchKey, on
 *   another ETag 412. A conditional CompleteMultipartUpload whose key was written or deleted since the upload began
 *   is 409 ConditionalRequestConflict, once its condition holds.
 * - DeleteObject If-Match (test_delete_object_if_match_non_express): 412 on another ETag; x-amz-if-match-size and
 *   x-amz-if-match-last-modified-time (directory buckets only) are 501 NotImplemented naming the header.
 * Deviation: a DeleteObject If-Match on a key with no current version answers 404 NoSuchKey as the writes do; no
 * recorded AWS answer for that case was found.
 */
import { ConditionalRequestConflict, NoSuchKey, NotImplemented, NotModified, PreconditionFailed } from './errors.js';
import { currentVersion, type Bucket, type ObjectVersion } from './store.js';

type Condition = 'If-Match' | 'If-Unmodified-Since' | 'If-None-Match' | 'If-Modified-Since';

interface Conditions {
  IfMatch?: string;
  IfNoneMatch?: string;
  IfModifiedSince?: Date;
  IfUnmodifiedSince?: Date;
}

function bare(etag: string): string {
  return etag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
}

/** Whether an If-Match / If-None-Match list (comma separated, quoted or not, or "*") names the ETag. */
function etagListed(list: string, etag: string): boolean {
  return list.split(',').some((e) => e.trim() === '*' || bare(e) === bare(etag));
}

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

/** The first condition that does not hold for the version, in S3's order, or undefined. */
function failedCondition(c: Conditions, v: ObjectVersion, now: Date): Condition | undefined {
  if (c.IfMatch !== undefined) {
    if (!etagListed(c.IfMatch, v.etag)) return 'If-Match';
  } else if (c.IfUnmodifiedSince !== undefined && seconds(v.lastModified) > seconds(c.IfUnmodifiedSince)) return 'If-Unmodified-Since';
  if (c.IfNoneMatch !== undefined) {
    if (etagListed(c.IfNoneMatch, v.etag)) return 'If-None-Match';
  } else if (c.IfModifiedSince !== undefined && c.IfModifiedSince.getTime() <= now.getTime() && seconds(v.lastModified) <= seconds(c.IfModifiedSince)) {
    return 'If-Modified-Since';
  }
  return undefined;
}

/** GetObject / HeadObject: 412 for If-Match and If-Unmodified-Since, 304 (with the object's ETag) for the others. */
export function requireReadConditions(input: Conditions, v: ObjectVersion, now: Date): void {
  const failed = failedCondition(input, v, now);
  if (failed === 'If-Match' || failed === 'If-Unmodified-Since') throw PreconditionFailed(failed);
  if (failed) {
    const err = NotModified();
    Object.assign(err.headers, { etag: v.etag, 'last-modified': v.lastModified.toUTCString() });
    throw err;
  }
}

interface CopySourceConditions {
  CopySourceIfMatch?: string;
  CopySourceIfNoneMatch?: string;
  CopySourceIfModifiedSince?: Date;
  CopySourceIfUnmodifiedSince?: Date;
}

/** A copy's source: every failure is 412, its Condition the x-amz-copy-source-* header. */
export function requireCopySourceConditions(input: CopySourceConditions, v: ObjectVersion, now: Date): void {
  const failed = failedCondition(
    {
      IfMatch: input.CopySourceIfMatch,
      IfNoneMatch: input.CopySourceIfNoneMatch,
      IfModifiedSince: input.CopySourceIfModifiedSince,
      IfUnmodifiedSince: input.CopySourceIfUnmodifiedSince,
    },
    v,
    now,
  );
  if (failed) throw PreconditionFailed(`x-amz-copy-source-${failed}`);
}

interface WriteConditions {
  IfMatch?: string;
  IfNoneMatch?: string;
}

/** The values a write's conditions may take; S3 refuses the others before it looks at the key. */
export function requireWriteConditionValues(input: WriteConditions): void {
  if (input.IfMatch !== undefined && input.IfNoneMatch !== undefined) {
    throw NotImplemented('If-Match,If-None-Match', 'Multiple conditional request headers present in the request');
  }
  if (input.IfNoneMatch !== undefined && input.IfNoneMatch.trim() !== '*') {
    throw NotImplemented('If-None-Match', "We don't accept the provided value of If-None-Match header for this API");
  }
  if (input.IfMatch !== undefined && input.IfMatch.trim() === '*') {
    throw NotImplemented('If-Match', "We don't accept the provided value of If-Match header for this API");
  }
}

/** The key's current version, unless it is a delete marker. */
function liveVersion(bucket: Bucket, key: string): ObjectVersion | undefined {
  const v = currentVersion(bucket, key);
  return v && !v.deleteMarker ? v : undefined;
}

/**
 * Whether a write may replace the key's current version: call it with no `await` between it and the write, so
 * nothing changes the key in between. `since` is the version that was current when a multipart upload began.
 */
export function requireWriteConditions(input: WriteConditions, bucket: Bucket, key: string, since?: { current: ObjectVersion | undefined }): void {
  requireWriteConditionValues(input);
  const live = liveVersion(bucket, key);
  if (input.IfNoneMatch !== undefined && live) throw PreconditionFailed('If-None-Match');
  if (input.IfMatch !== undefined) {
    if (!live) throw NoSuchKey(key);
    if (!etagListed(input.IfMatch, live.etag)) throw PreconditionFailed('If-Match');
  }
  const condition = input.IfMatch !== undefined ? 'If-Match' : input.IfNoneMatch !== undefined ? 'If-None-Match' : undefined;
  if (condition && since && since.current !== currentVersion(bucket, key)) throw ConditionalRequestConflict(condition, key);
}

interface DeleteConditions {
  IfMatch?: string;
  IfMatchLastModifiedTime?: Date;
  IfMatchSize?: number;
}

/** DeleteObject's conditions on a general purpose bucket: If-Match only. */
export function requireDeleteConditions(input: DeleteConditions, bucket: Bucket, key: string): void {
  if (input.IfMatchLastModifiedTime !== undefined) throw NotImplemented('x-amz-if-match-last-modified-time');
  if (input.IfMatchSize !== undefined) throw NotImplemented('x-amz-if-match-size');
  if (input.IfMatch === undefined) return;
  const live = liveVersion(bucket, key);
  if (!live) throw NoSuchKey(key);
  if (!etagListed(input.IfMatch, live.etag)) throw PreconditionFailed('If-Match');
}
