/**
 * Finding the object version a request names, with S3's answers for what is not there (answered once the request
 * is authorized: object-access.ts):
 * - no such key: 404 NoSuchKey only if the caller may list the bucket (s3:ListBucket); otherwise 403 AccessDenied
 *   naming s3:ListBucket (E036; https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html, Permissions);
 * - the current version is a delete marker: 404 NoSuchKey with x-amz-delete-marker: true;
 * - a versionId naming a delete marker: 405 MethodNotAllowed; an unknown one: 404 NoSuchVersion; a malformed one:
 *   400 InvalidArgument "Invalid version id specified".
 * - Range: bytes=a-b | a- | -n; b < a is ignored; a range past the end is 416 InvalidRange (https://www.rfc-editor.org/rfc/rfc9110#section-14.1.2).
 */
import type { AwsError } from '../../core/errors.js';
import type { OperationContext } from '../types.js';
import { InvalidArgument, InvalidRange, MethodNotAllowed, NoSuchKey, NoSuchVersion } from './errors.js';
import { currentVersion, findVersion, type Bucket, type ObjectVersion } from './store.js';

/**
 * Whether S3 takes `id` as a version id of this bucket: "null", or 32 characters of its alphabet (store.ts) in a
 * bucket that has had versioning; a bucket that never had it knows no other version (LocalStack's validated
 * snapshots, test_s3_api.snapshot.json test_delete_object and test_get_object_with_version_unversioned_bucket:
 * "Invalid version id specified" for a well-formed id there).
 * Deviation: AWS also refuses a well-formed id it did not issue (an altered one, test_delete_object_versioned
 * "delete-with-bad-version"); here any well-formed id is looked up and, absent, is NoSuchVersion.
 */
export function validVersionId(id: string, bucket: Bucket): boolean {
  return id === 'null' || (bucket.versioning !== undefined && /^[A-Za-z0-9._]{32}$/.test(id));
}

/** A delete marker's headers; on a 405 for a GET/HEAD naming it, `Allow: DELETE` too (test_delete_object_versioned). */
function deleteMarkerHeaders(v: ObjectVersion, allow = false): Record<string, string> {
  return { 'x-amz-delete-marker': 'true', 'x-amz-version-id': v.versionId, 'last-modified': v.lastModified.toUTCString(), ...(allow ? { allow: 'DELETE' } : {}) };
}

/**
 * The version a request names, or the error S3 answers once the request is authorized. `keyAbsent` marks a key
 * with no current version (none, or a delete marker): S3 tells that only to a caller who may list the bucket.
 */
export type VersionLookup = { version: ObjectVersion } | { missing: AwsError; keyAbsent: boolean };

export function lookupVersion(ctx: OperationContext, bucket: Bucket, key: string, versionId: string | undefined): VersionLookup {
  if (versionId !== undefined) {
    if (!validVersionId(versionId, bucket)) return { missing: InvalidArgument('Invalid version id specified', 'versionId', versionId), keyAbsent: false };
    const v = findVersion(bucket, key, versionId);
    if (!v) return { missing: NoSuchVersion(key, versionId), keyAbsent: false };
    if (v.deleteMarker) return { missing: MethodNotAllowed(ctx.request.method.toUpperCase(), 'DeleteMarker', deleteMarkerHeaders(v, true)), keyAbsent: false };
    return { version: v };
  }
  const v = currentVersion(bucket, key);
  if (!v || v.deleteMarker) {
    const err = NoSuchKey(key);
    if (v) Object.assign(err.headers, deleteMarkerHeaders(v));
    return { missing: err, keyAbsent: true };
  }
  return { version: v };
}

/** The version found, or the error S3 answers for its absence. */
export function foundVersion(lookup: VersionLookup): ObjectVersion {
  if ('missing' in lookup) throw lookup.missing;
  return lookup.version;
}

export interface ByteRange {
  start: number;
  end: number;
}

/** Parses a Range header against the object size; undefined for no (or an ignorable) range. */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  if (header === undefined) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // S3 ignores a Range it cannot parse (or several ranges) and returns the whole object.
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) throw InvalidRange(size, header);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  // A last byte before the first (bytes=1-0) is ignored and the whole object served, as recorded against AWS in
  // LocalStack's validated test_s3_api.snapshot.json test_get_object_range ("get-1-0": 200, the whole body).
  if (m[2] !== '' && Number(m[2]) < start) return undefined;
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size) throw InvalidRange(size, header);
  return { start, end };
}
