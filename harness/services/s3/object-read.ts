/**
 * Finding the object version a read names, with S3's answers for what is not there:
 * - no such key: 404 NoSuchKey only if the caller may list the bucket (s3:ListBucket); otherwise 403 AccessDenied
 *   naming s3:ListBucket (E036; https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html, Permissions);
 * - the current version is a delete marker: 404 NoSuchKey with x-amz-delete-marker: true;
 * - a versionId naming a delete marker: 405 MethodNotAllowed; an unknown one: 404 NoSuchVersion; a malformed one:
 *   400 InvalidArgument "Invalid version id specified".
 * - Range: bytes=a-b | a- | -n; a range past the end is 416 InvalidRange (https://www.rfc-editor.org/rfc/rfc9110#section-14.1.2).
 */
import { AwsError } from '../../core/errors.js';
import type { OperationContext } from '../types.js';
import { bucketCheck } from './auth.js';
import { InvalidArgument, InvalidRange, NoSuchKey, NoSuchVersion } from './errors.js';
import { currentVersion, findVersion, type Bucket, type ObjectVersion } from './store.js';

export function validVersionId(id: string): boolean {
  return id === 'null' || /^[A-Za-z0-9._-]{32}$/.test(id);
}

function deleteMarkerHeaders(v: ObjectVersion): Record<string, string> {
  return { 'x-amz-delete-marker': 'true', 'x-amz-version-id': v.versionId, 'last-modified': v.lastModified.toUTCString() };
}

export function readVersion(ctx: OperationContext, bucket: Bucket, key: string, versionId: string | undefined): ObjectVersion {
  if (versionId !== undefined) {
    if (!validVersionId(versionId)) throw InvalidArgument('Invalid version id specified', 'versionId', versionId);
    const v = findVersion(bucket, key, versionId);
    if (!v) throw NoSuchVersion(key, versionId);
    if (v.deleteMarker) {
      throw new AwsError('MethodNotAllowed', 405, 'The specified method is not allowed against this resource.', {
        fields: { Method: ctx.request.method.toUpperCase(), ResourceType: 'DeleteMarker' },
        headers: deleteMarkerHeaders(v),
      });
    }
    return v;
  }
  const v = currentVersion(bucket, key);
  if (!v || v.deleteMarker) {
    // Without s3:ListBucket a caller may not learn that the key is absent.
    ctx.authorize(bucketCheck(ctx, bucket, 's3:ListBucket'));
    const err = NoSuchKey(key);
    if (v) Object.assign(err.headers, deleteMarkerHeaders(v));
    throw err;
  }
  return v;
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
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) throw InvalidRange(size, header);
  return { start, end };
}
