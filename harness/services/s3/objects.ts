/**
 * Object operations: PutObject, GetObject, HeadObject, DeleteObject, DeleteObjects, CopyObject, Get/PutObjectAcl.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html (and the pages of each operation)
 * - Writes are atomic: the body is decoded and verified (body.ts), sealed under KMS if asked (sse.ts), and only
 *   then stored, so a failed upload leaves nothing behind; a versioned bucket keeps every version.
 * - Reads of SSE-KMS objects ask KMS to decrypt as the caller; HeadObject does not call KMS.
 * - Actions: versioned reads and deletes use s3:GetObjectVersion / s3:DeleteObjectVersion; an ACL on PutObject
 *   also needs s3:PutObjectAcl; CopyObject needs s3:GetObject on the source and s3:PutObject on the target.
 * Deviations: conditional requests (If-Match…), response-* overrides, tagging, storage classes and object lock
 * are not modelled.
 */
import type {
  CopyObjectCommandInput,
  DeleteObjectCommandInput,
  GetObjectAclCommandInput,
  GetObjectCommandInput,
  HeadObjectCommandInput,
  PutObjectAclCommandInput,
  PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import type { AuthCheck, Operation, OperationContext } from '../types.js';
import { aclOutput, cannedAcl, type Permission } from './acl.js';
import { objectCheck, requireBucket, requireObjectAcl } from './auth.js';
import { ownerFullControlOnly, requestedAcl } from './bucket-config.js';
import { receiveBody } from './body.js';
import { declaredChecksum, verifyChecksum, verifyContentMd5 } from './checksums.js';
import { AccessControlListNotSupported, InvalidArgument, InvalidRequest, MalformedXML, NoSuchBucket } from './errors.js';
import { requireWriteHeaders } from './limits.js';
import { parseRange, readVersion, validVersionId } from './object-read.js';
import { etagOf, sseOutput, writeEncryption, writeOwnership } from './object-write.js';
import { openObject, openObjectStream, sealObject } from './sse.js';
import { findBucket, removeVersion, storeVersion, versionIdFor, newVersionId, type Bucket, type ChecksumRecord, type ObjectVersion, type SseRecord } from './store.js';

type Wire = Record<string, any>;

const ACL_HEADERS = ['x-amz-acl', 'x-amz-grant-full-control', 'x-amz-grant-read', 'x-amz-grant-read-acp', 'x-amz-grant-write-acp'];

function wantsAcl(ctx: OperationContext): boolean {
  return ACL_HEADERS.some((h) => ctx.request.headers[h] !== undefined);
}

/** x-amz-version-id is shown for buckets that have (or had) versioning. */
function versionHeader(bucket: Bucket, v: ObjectVersion): string | undefined {
  return bucket.versioning || v.versionId !== 'null' ? v.versionId : undefined;
}

function checksumOutput(c: ChecksumRecord | undefined): Record<string, string> {
  if (!c) return {};
  const name = `Checksum${c.algorithm}`;
  return { [name]: c.value, ChecksumType: c.type };
}

export function metadataOf(input: Wire): Record<string, string> {
  return { ...((input.Metadata as Record<string, string> | undefined) ?? {}) };
}

interface NewObject {
  key: string;
  data: Buffer;
  size: number;
  sse?: SseRecord;
  checksum?: ChecksumRecord;
  contentType?: string;
  metadata: Record<string, string>;
  ownerAccount: string;
  acl: ObjectVersion['acl'];
  etag?: string;
  partsCount?: number;
  extra?: Partial<ObjectVersion>;
}

export function commitObject(ctx: OperationContext, bucket: Bucket, o: NewObject): ObjectVersion {
  const version: ObjectVersion = {
    key: o.key,
    versionId: versionIdFor(bucket),
    deleteMarker: false,
    data: o.data,
    size: o.size,
    etag: o.etag ?? etagOf(o.data, o.sse),
    lastModified: ctx.now(),
    contentType: o.contentType ?? 'binary/octet-stream',
    metadata: o.metadata,
    ownerAccount: o.ownerAccount,
    acl: o.acl,
    sse: o.sse,
    checksum: o.checksum,
    partsCount: o.partsCount,
    ...o.extra,
  };
  storeVersion(bucket, version);
  return version;
}

export const PutObject: Operation<PutObjectCommandInput & Wire> = {
  authorizesBeforeBody: true,
  authorize(ctx, input) {
    requireWriteHeaders(ctx, input.Key!, input.Metadata);
    const bucket = requireBucket(ctx, input.Bucket);
    const checks: AuthCheck[] = [objectCheck(ctx, bucket, input.Key!, 's3:PutObject')];
    if (wantsAcl(ctx)) checks.push(objectCheck(ctx, bucket, input.Key!, 's3:PutObjectAcl'));
    return checks;
  },
  async handler(ctx, input) {
    const bucket = requireBucket(ctx, input.Bucket);
    const key = input.Key!;
    const ownership = writeOwnership(ctx, bucket);
    const encryption = writeEncryption(ctx, bucket);
    const received = receiveBody(ctx, input.Body as Buffer);
    const size = received.data.length;
    let data: Buffer;
    let sse: SseRecord = { algorithm: 'AES256' };
    if (encryption.algorithm === 'aws:kms') ({ data, sse } = await sealObject(ctx, bucket.name, key, encryption.keyId, received.data));
    // The in-process transport may hand us the caller's own memory; the stored object must not change with it.
    else data = Buffer.from(received.data);
    const v = commitObject(ctx, bucket, {
      key,
      data,
      size,
      sse,
      checksum: received.checksum,
      contentType: input.ContentType,
      metadata: metadataOf(input),
      ownerAccount: ownership.ownerAccount,
      acl: ownership.acl,
      extra: { contentEncoding: contentEncodingOf(input.ContentEncoding), contentDisposition: input.ContentDisposition, cacheControl: input.CacheControl },
    });
    return { ETag: v.etag, VersionId: versionHeader(bucket, v), ...sseOutput(v.sse), ...checksumOutput(v.checksum) };
  },
};

/** aws-chunked is a transfer detail, not part of the stored object's Content-Encoding. */
function contentEncodingOf(value: string | undefined): string | undefined {
  const rest = (value ?? '').split(',').map((s) => s.trim()).filter((s) => s && s !== 'aws-chunked');
  return rest.length > 0 ? rest.join(',') : undefined;
}

function readAction(input: Wire, plain: string, versioned: string): string {
  return input.VersionId !== undefined ? versioned : plain;
}

/** The authorization of a read of one object: the versioned action when the request names a version. */
function objectRead(plain: string, versioned: string) {
  return (ctx: OperationContext, input: Wire) => objectCheck(ctx, requireBucket(ctx, input.Bucket), String(input.Key), readAction(input, plain, versioned));
}

/** The bucket and the version a read names, once the object's ACL grants the caller `permission` on it. */
function readableVersion(ctx: OperationContext, input: Wire, permission: Permission): { bucket: Bucket; v: ObjectVersion } {
  const bucket = requireBucket(ctx, input.Bucket);
  const v = readVersion(ctx, bucket, String(input.Key), input.VersionId as string | undefined);
  requireObjectAcl(ctx, bucket, v, permission);
  return { bucket, v };
}

function objectHeaders(bucket: Bucket, v: ObjectVersion, checksumMode: string | undefined) {
  return {
    ETag: v.etag,
    LastModified: v.lastModified,
    ContentType: v.contentType,
    ContentEncoding: v.contentEncoding,
    ContentDisposition: v.contentDisposition,
    CacheControl: v.cacheControl,
    Metadata: v.metadata,
    VersionId: versionHeader(bucket, v),
    AcceptRanges: 'bytes',
    PartsCount: v.partsCount,
    ...sseOutput(v.sse),
    ...(checksumMode === 'ENABLED' ? checksumOutput(v.checksum) : {}),
  };
}

export const GetObject: Operation<GetObjectCommandInput & Wire> = {
  authorize: objectRead('s3:GetObject', 's3:GetObjectVersion'),
  async handler(ctx, input) {
    const { bucket, v } = readableVersion(ctx, input, 'READ');
    const range = parseRange(input.Range, v.size);
    if (!range) {
      return { ...objectHeaders(bucket, v, input.ChecksumMode), ContentLength: v.size, Body: await openObjectStream(ctx, bucket.name, v.key, v.data, v.sse) };
    }
    const body = (await openObject(ctx, bucket.name, v.key, v.data, v.sse)).subarray(range.start, range.end + 1);
    return {
      // A full-object checksum does not describe a range, so S3 leaves it out of ranged reads.
      ...objectHeaders(bucket, v, undefined),
      ContentRange: `bytes ${range.start}-${range.end}/${v.size}`,
      ContentLength: body.length,
      Body: body,
    };
  },
};

export const HeadObject: Operation<HeadObjectCommandInput & Wire> = {
  authorize: objectRead('s3:GetObject', 's3:GetObjectVersion'),
  handler(ctx, input) {
    const { bucket, v } = readableVersion(ctx, input, 'READ');
    const range = parseRange(input.Range, v.size);
    return {
      ...objectHeaders(bucket, v, input.ChecksumMode),
      ...(range ? { ContentRange: `bytes ${range.start}-${range.end}/${v.size}` } : {}),
      ContentLength: range ? range.end - range.start + 1 : v.size,
    };
  },
};

export interface DeleteOutcome {
  VersionId?: string;
  DeleteMarker?: boolean;
}

/** Deletes as S3 does for the bucket's versioning state. https://docs.aws.amazon.com/AmazonS3/latest/userguide/DeletingObjectVersions.html */
export function deleteObject(ctx: OperationContext, bucket: Bucket, key: string, versionId: string | undefined): DeleteOutcome {
  if (versionId !== undefined) {
    if (!validVersionId(versionId)) throw InvalidArgument('Invalid version id specified', 'versionId', versionId);
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

export const DeleteObject: Operation<DeleteObjectCommandInput & Wire> = {
  authorize(ctx, input) {
    const bucket = requireBucket(ctx, input.Bucket);
    return objectCheck(ctx, bucket, input.Key!, readAction(input, 's3:DeleteObject', 's3:DeleteObjectVersion'));
  },
  handler(ctx, input) {
    return deleteObject(ctx, requireBucket(ctx, input.Bucket), input.Key!, input.VersionId);
  },
};

export const DeleteObjects: Operation<Wire> = {
  authorize(ctx, input) {
    requireBucket(ctx, input.Bucket);
    return undefined;
  },
  handler(ctx, input) {
    const bucket = requireBucket(ctx, input.Bucket);
    const raw = ctx.request.body;
    const declared = declaredChecksum(ctx.request.headers);
    if (!declared && ctx.request.headers['content-md5'] === undefined) {
      throw InvalidRequest('Missing required header for this request: Content-Md5');
    }
    verifyContentMd5(ctx.request.headers['content-md5'], raw);
    if (declared) verifyChecksum(declared, raw);
    const del = (input.Delete ?? {}) as Wire;
    const objects = (Array.isArray(del['Object']) ? del['Object'] : del['Object'] ? [del['Object']] : []) as Wire[];
    if (objects.length === 0 || objects.length > 1000) throw MalformedXML();
    const quiet = del['Quiet'] === 'true';
    const Deleted: Wire[] = [];
    const Errors: Wire[] = [];
    for (const o of objects) {
      const key = String(o['Key'] ?? '');
      const versionId = o['VersionId'] as string | undefined;
      const action = versionId !== undefined ? 's3:DeleteObjectVersion' : 's3:DeleteObject';
      const { decision } = ctx.decide(objectCheck(ctx, bucket, key, action));
      if (decision.decision !== 'allowed') {
        Errors.push({ Key: key, VersionId: versionId, Code: 'AccessDenied', Message: 'Access Denied' });
        continue;
      }
      try {
        const out = deleteObject(ctx, bucket, key, versionId);
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
    return { Deleted, Error: Errors };
  },
};

interface CopySource {
  bucket: string;
  key: string;
  versionId?: string;
}

/**
 * x-amz-copy-source: "<bucket>/<key>[?versionId=<id>]", URL-encoded, with or without a leading slash. A value
 * that does not decode or names no key is S3's InvalidArgument, which names the header as its own value.
 */
function copySource(header: string): CopySource {
  const [path, query] = header.split('?', 2) as [string, string | undefined];
  let decoded: string;
  try {
    decoded = decodeURIComponent(path).replace(/^\//, '');
  } catch {
    throw InvalidArgument('Invalid copy source encoding', 'x-amz-copy-source', header);
  }
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) throw InvalidArgument('Invalid copy source object key', 'x-amz-copy-source', 'x-amz-copy-source');
  const versionId = query ? new URLSearchParams(query).get('versionId') ?? undefined : undefined;
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1), versionId };
}

export const CopyObject: Operation<CopyObjectCommandInput & Wire> = {
  authorize(ctx, input) {
    requireWriteHeaders(ctx, input.Key!, input.Metadata);
    const bucket = requireBucket(ctx, input.Bucket);
    const src = copySource(String(input.CopySource));
    const srcBucket = findBucket(ctx.world, src.bucket);
    if (!srcBucket) throw NoSuchBucket(src.bucket);
    const checks: AuthCheck[] = [
      objectCheck(ctx, srcBucket, src.key, src.versionId !== undefined ? 's3:GetObjectVersion' : 's3:GetObject'),
      objectCheck(ctx, bucket, input.Key!, 's3:PutObject'),
    ];
    if (wantsAcl(ctx)) checks.push(objectCheck(ctx, bucket, input.Key!, 's3:PutObjectAcl'));
    return checks;
  },
  async handler(ctx, input) {
    const bucket = requireBucket(ctx, input.Bucket);
    const src = copySource(String(input.CopySource));
    const srcBucket = requireBucket(ctx, src.bucket);
    const v = readVersion(ctx, srcBucket, src.key, src.versionId);
    requireObjectAcl(ctx, srcBucket, v, 'READ');
    const replace = input.MetadataDirective === 'REPLACE';
    const h = ctx.request.headers;
    const changesEncryption = h['x-amz-server-side-encryption'] !== undefined;
    if (srcBucket === bucket && src.key === input.Key && !replace && !changesEncryption && h['x-amz-storage-class'] === undefined) {
      throw InvalidRequest(
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      );
    }
    const ownership = writeOwnership(ctx, bucket);
    const encryption = writeEncryption(ctx, bucket);
    const plain = await openObject(ctx, srcBucket.name, v.key, v.data, v.sse);
    let data = plain;
    let sse: SseRecord = { algorithm: 'AES256' };
    if (encryption.algorithm === 'aws:kms') ({ data, sse } = await sealObject(ctx, bucket.name, input.Key!, encryption.keyId, plain));
    else if (plain === v.data) data = Buffer.from(plain);
    const copied = commitObject(ctx, bucket, {
      key: input.Key!,
      data,
      size: plain.length,
      sse,
      checksum: v.checksum,
      contentType: replace ? input.ContentType : v.contentType,
      metadata: replace ? metadataOf(input) : { ...v.metadata },
      ownerAccount: ownership.ownerAccount,
      acl: ownership.acl,
      etag: v.sse?.algorithm !== 'aws:kms' && sse.algorithm !== 'aws:kms' ? v.etag : undefined,
    });
    return {
      CopyObjectResult: { ETag: copied.etag, LastModified: copied.lastModified },
      VersionId: versionHeader(bucket, copied),
      CopySourceVersionId: versionHeader(srcBucket, v),
      ...sseOutput(copied.sse),
    };
  },
};

export const GetObjectAcl: Operation<GetObjectAclCommandInput & Wire> = {
  authorize: objectRead('s3:GetObjectAcl', 's3:GetObjectVersionAcl'),
  handler(ctx, input) {
    const { bucket, v } = readableVersion(ctx, input, 'READ_ACP');
    if (bucket.ownership === 'BucketOwnerEnforced') return aclOutput(ctx.world, bucket.ownerAccount, cannedAcl('private', bucket.ownerAccount, bucket.ownerAccount));
    return aclOutput(ctx.world, v.ownerAccount, v.acl);
  },
};

export const PutObjectAcl: Operation<PutObjectAclCommandInput & Wire> = {
  authorize(ctx, input) {
    const bucket = requireBucket(ctx, input.Bucket);
    return objectCheck(ctx, bucket, input.Key!, readAction(input, 's3:PutObjectAcl', 's3:PutObjectVersionAcl'));
  },
  handler(ctx, input) {
    const bucket = requireBucket(ctx, input.Bucket);
    const v = readVersion(ctx, bucket, input.Key!, input.VersionId);
    const grants = requestedAcl(ctx, input, v.ownerAccount, bucket.ownerAccount);
    if (!grants) throw MalformedXML();
    if (bucket.ownership === 'BucketOwnerEnforced') {
      if (!ownerFullControlOnly(grants, bucket.ownerAccount) && ctx.request.headers['x-amz-acl'] !== 'bucket-owner-full-control') throw AccessControlListNotSupported();
      return {};
    }
    requireObjectAcl(ctx, bucket, v, 'WRITE_ACP');
    v.acl = grants;
    return {};
  },
};
