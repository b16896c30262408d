/**
 * DeleteObject and DeleteObjects, as S3 deletes for the bucket's versioning state:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/DeletingObjectVersions.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html
 * A delete that names a version is authorized as s3:DeleteObjectVersion. DeleteObjects needs Content-MD5 or a
 * checksum header, takes 1 to 1000 keys, and authorizes each key on its own: a refused key is an Error entry of
 * the answer, not a refusal of the request.
 */
import type { DeletedObject, _Error } from '@aws-sdk/client-s3';
import type { OperationContext } from '../types.js';
import { objectCheck, resolveBucket } from './auth.js';
import { verifyBodyIntegrity } from './checksums.js';
import { InvalidArgument, InvalidRequest, MalformedXML, NoSuchVersion } from './errors.js';
import { readAction } from './object-access.js';
import { requireDeleteConditions } from './preconditions.js';
import { validVersionId } from './object-read.js';
import { findVersion, newVersionId, removeVersion, storeVersion, type Bucket, type ObjectVersion } from './store.js';
import type { S3Input, S3Operation } from './operation-types.js';

export interface DeleteOutcome {
  VersionId?: string;
  DeleteMarker?: boolean;
}

/** Deletes as S3 does for the bucket's versioning state. https://docs.aws.amazon.com/AmazonS3/latest/userguide/DeletingObjectVersions.html */
export function deleteObject(ctx: OperationContext, bucket: Bucket, key: string, versionId: string | undefined, batch = false): DeleteOutcome {
  if (versionId !== undefined) {
    // A key of a DeleteObjects batch naming a version the key does not have is NoSuchVersion, in any bucket
    // (LocalStack's validated snapshots: test_delete_objects, test_delete_objects_versioned).
    if (batch && versionId !== 'null' && !findVersion(bucket, key, versionId)) throw NoSuchVersion(key, versionId);
    if (!validVersionId(versionId, bucket)) throw InvalidArgument('Invalid version id specified', 'versionId', versionId);
    const removed = removeVersion(bucket, key, versionId);
    return { VersionId: versionId, DeleteMarker: removed?.deleteMarker ? true : undefined };
  }
  if (!bucket.versioning) {
    removeVersion(bucket, key, 'null');
    return {};
  }
  const marker: ObjectVersion = {
    key,
    versionId: bucket.versioning === 'Enabled' ? newVersionId() : 'null',
    deleteMarker: true,
    data: Buffer.alloc(0),
    size: 0,
    etag: '',
    lastModified: ctx.now(),
    metadata: {},
    ownerAccount: ctx.principal.account ?? bucket.ownerAccount,
    acl: [],
  };
  storeVersion(bucket, marker);
  return { VersionId: marker.versionId, DeleteMarker: true };
}

export const DeleteObject: S3Operation<'DeleteObject', Bucket> = {
  resolve: resolveBucket,
  authorize: (ctx, input, bucket) => objectCheck(ctx, bucket, input.Key!, readAction(input, 's3:DeleteObject', 's3:DeleteObjectVersion')),
  handler(ctx, input, bucket) {
    requireDeleteConditions(input, bucket, input.Key!);
    return deleteObject(ctx, bucket, input.Key!, input.VersionId);
  },
};

interface Batch {
  bucket: Bucket;
  objects: Array<{ key: string; versionId?: string }>;
  quiet: boolean;
}

/** The batch as S3 reads it before it authorizes any key: its integrity header, then 1 to 1000 objects. */
function readBatch(ctx: OperationContext, input: S3Input<'DeleteObjects'>): Batch {
  const bucket = resolveBucket(ctx, input);
  if (!verifyBodyIntegrity(ctx.request.headers, ctx.request.body)) throw InvalidRequest('Missing required header for this request: Content-Md5');
  const objects = input.Delete?.Objects ?? [];
  if (objects.length === 0 || objects.length > 1000) throw MalformedXML();
  return {
    bucket,
    objects: objects.map((o) => ({ key: o.Key ?? '', versionId: o.VersionId })),
    quiet: input.Delete?.Quiet === true,
  };
}

/** Each key is authorized on its own (`item`): a refused key is an Error entry of the answer, the others go on. */
export const DeleteObjects: S3Operation<'DeleteObjects', Batch> = {
  resolve: readBatch,
  authorize: (ctx, _input, { bucket, objects }) =>
    objects.map((o, i) => ({ ...objectCheck(ctx, bucket, o.key, o.versionId !== undefined ? 's3:DeleteObjectVersion' : 's3:DeleteObject'), item: String(i) })),
  handler(ctx, _input, { bucket, objects, quiet }) {
    const Deleted: DeletedObject[] = [];
    const Errors: _Error[] = [];
    for (const [i, { key, versionId }] of objects.entries()) {
      // S3 words a refused key of a batch as a bare "Access Denied" whoever asks.
      if (ctx.refused.has(String(i))) {
        Errors.push({ Key: key, VersionId: versionId, Code: 'AccessDenied', Message: 'Access Denied' });
        continue;
      }
      try {
        const out = deleteObject(ctx, bucket, key, versionId, true);
        if (!quiet) {
          Deleted.push({
            Key: key,
            VersionId: versionId,
            DeleteMarker: out.DeleteMarker,
            DeleteMarkerVersionId: versionId === undefined && out.DeleteMarker ? out.VersionId : undefined,
          });
        }
      } catch (e) {
        const err = e as { code?: string; message?: string };
        Errors.push({ Key: key, VersionId: versionId, Code: err.code ?? 'InternalError', Message: err.message ?? '' });
      }
    }
    return { Deleted, Errors };
  },
};
