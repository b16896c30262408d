/**
 * Multipart upload: CreateMultipartUpload, UploadPart, CompleteMultipartUpload, AbortMultipartUpload (the listings are
 * in multipart-list.ts, UploadPartCopy in multipart-copy.ts). https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html
 * - SSE-KMS: CreateMultipartUpload asks KMS for the upload's data key (kms:GenerateDataKey) and every UploadPart
 *   asks KMS to decrypt it (kms:Decrypt), both as the caller, which is why uploading parts needs kms:Decrypt
 *   ("Multipart upload API and permissions" in the page above; E027).
 * - Complete checks ascending order (InvalidPartOrder), that each part exists with that ETag (InvalidPart) and the
 *   5 MiB minimum for all parts but the last (EntityTooSmall); the object's ETag is MD5(concat(part MD5s))-N and
 *   a checksum is COMPOSITE "<base64>-N". Nothing is visible until Complete succeeds; Abort discards the parts.
 */
import { createHash } from 'node:crypto';
import type { AuthCheck, OperationContext } from '../types.js';
import { objectCheck, resolveBucket } from './auth.js';
import { receiveBody } from './body.js';
import { digest, type ChecksumAlgorithm } from './checksums.js';
import { EntityTooSmall, InvalidArgument, InvalidPart, InvalidPartOrder, InvalidRequest, MalformedXML, NoSuchUpload } from './errors.js';
import { checksumAlgorithm, int32Param, int32Text, requireNonNegative, requireWriteMembers } from './limits.js';
import { checksumOutput, checksumValue, writtenVersionId } from './object-output.js';
import { sseOutput, writeEncryption, writeOwnership } from './object-write.js';
import { commitObject, metadataOf } from './object-write.js';
import { headerTags } from './object-tagging.js';
import { decryptDataKey, generateDataKey, seal } from './sse.js';
import { currentVersion, newUploadId, type Bucket, type ChecksumRecord, type MultipartUpload, type SseRecord, type UploadPart as StoredPart } from './store.js';
import { ownerOutput } from './acl.js';
import { requireWriteConditions } from './preconditions.js';
import type { S3Input, S3Operation } from './operation-types.js';

const MIN_PART = 5 * 1024 * 1024;

export function requireUpload(bucket: Bucket, uploadId: unknown, key: string): MultipartUpload {
  const upload = typeof uploadId === 'string' ? bucket.uploads.get(uploadId) : undefined;
  if (!upload || upload.key !== key) throw NoSuchUpload(String(uploadId ?? ''));
  return upload;
}

function putChecks(ctx: OperationContext, input: S3Input<'CreateMultipartUpload' | 'UploadPart' | 'CompleteMultipartUpload'>, bucket: Bucket): AuthCheck {
  return objectCheck(ctx, bucket, input.Key!, 's3:PutObject');
}

export function uploadSse(upload: MultipartUpload): SseRecord | undefined {
  if (!upload.sse) return undefined;
  return upload.sse.algorithm === 'aws:kms' ? { algorithm: 'aws:kms', keyArn: upload.sse.keyArn, bucketKeyEnabled: upload.sse.bucketKeyEnabled } : { algorithm: 'AES256' };
}

export const CreateMultipartUpload: S3Operation<'CreateMultipartUpload', Bucket> = {
  resolve(ctx, input) {
    requireWriteMembers(input);
    return resolveBucket(ctx, input);
  },
  authorize: putChecks,
  async handler(ctx, input, bucket) {
    const key = input.Key!;
    const ownership = writeOwnership(ctx, input, bucket);
    const encryption = writeEncryption(input, bucket);
    const algorithm: ChecksumAlgorithm | undefined = checksumAlgorithm(input.ChecksumAlgorithm);
    let sse: MultipartUpload['sse'] = { algorithm: 'AES256' };
    if (encryption.algorithm === 'aws:kms') {
      const dk = await generateDataKey(ctx, bucket.name, key, encryption.keyId);
      dk.plaintext.fill(0);
      sse = { algorithm: 'aws:kms', keyArn: dk.keyArn, encryptedDataKey: dk.encrypted, bucketKeyEnabled: encryption.bucketKeyEnabled };
    }
    const upload: MultipartUpload = {
      uploadId: newUploadId(),
      key,
      initiated: ctx.now(),
      currentAtStart: currentVersion(bucket, key),
      initiatorArn: ctx.principal.arn,
      ownerAccount: ownership.ownerAccount,
      contentType: input.ContentType,
      metadata: metadataOf(input),
      acl: ownership.acl,
      sse,
      checksumAlgorithm: algorithm,
      parts: new Map(),
      tags: headerTags(input.Tagging),
      contentLanguage: input.ContentLanguage,
    };
    bucket.uploads.set(upload.uploadId, upload);
    return { Bucket: bucket.name, Key: key, UploadId: upload.uploadId, ChecksumAlgorithm: algorithm, ...sseOutput(uploadSse(upload)) };
  },
};

export const UploadPart: S3Operation<'UploadPart', Bucket> = {
  authorizesBeforeBody: true,
  resolve: resolveBucket,
  authorize: putChecks,
  async handler(ctx, input, bucket) {
    const upload = requireUpload(bucket, input.UploadId, input.Key!);
    const partNumber = requirePartNumber(input.PartNumber);
    const received = receiveBody(ctx, input);
    const part = await storePart(ctx, bucket, upload, partNumber, received.data, received.checksum);
    return { ETag: part.etag, ...sseOutput(uploadSse(upload)), ...checksumValue(part.checksum) };
  },
};

/** A partNumber that is not an integer is refused in the same words by the decoder (type-errors.ts). */
export function requirePartNumber(value: number | undefined): number {
  const partNumber = value ?? NaN;
  if (!(partNumber >= 1 && partNumber <= 10000)) {
    throw InvalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', String(value ?? ''));
  }
  return partNumber;
}

/**
 * Stores a part's bytes (UploadPart, UploadPartCopy): sealed under the upload's data key for SSE-KMS (KMS decrypts
 * that key as the caller), with the client's checksum or the upload's algorithm's; its ETag is the bytes' MD5.
 */
export async function storePart(ctx: OperationContext, bucket: Bucket, upload: MultipartUpload, partNumber: number, plain: Buffer, given?: ChecksumRecord): Promise<StoredPart> {
  const etag = `"${createHash('md5').update(plain).digest('hex')}"`;
  let data: Buffer;
  let segment;
  if (upload.sse?.algorithm === 'aws:kms') {
    const dataKey = await decryptDataKey(ctx, bucket.name, upload.key, upload.sse.encryptedDataKey!);
    ({ data, segment } = seal(dataKey, plain));
    dataKey.fill(0);
  } else {
    data = Buffer.from(plain);
  }
  const checksum = given ?? (upload.checksumAlgorithm ? { algorithm: upload.checksumAlgorithm, value: digest(upload.checksumAlgorithm, plain).toString('base64'), type: 'COMPOSITE' as const } : undefined);
  const part: StoredPart = { partNumber, data, segment, size: plain.length, etag, lastModified: ctx.now(), checksum };
  // A retried part replaces the earlier one only once this one has been received whole.
  upload.parts.set(partNumber, part);
  return part;
}

function requestedParts(input: S3Input<'CompleteMultipartUpload'>): Array<{ partNumber: number; etag: string }> {
  // No CompleteMultipartUpload document at all (test_multipart_complete_multipart_too_small, recorded against AWS).
  if (input.MultipartUpload === undefined) throw InvalidRequest('You must specify at least one part');
  const parts = input.MultipartUpload.Parts ?? [];
  if (parts.length === 0) throw MalformedXML();
  return parts.map((p) => ({ partNumber: p.PartNumber ?? NaN, etag: p.ETag ?? '' }));
}

function normaliseEtag(etag: string): string {
  return etag.replace(/^"|"$/g, '');
}

export const CompleteMultipartUpload: S3Operation<'CompleteMultipartUpload', Bucket> = {
  resolve: resolveBucket,
  authorize: putChecks,
  handler(ctx, input, bucket) {
    const upload = requireUpload(bucket, input.UploadId, input.Key!);
    const wanted = requestedParts(input);
    for (let i = 1; i < wanted.length; i++) if (wanted[i]!.partNumber <= wanted[i - 1]!.partNumber) throw InvalidPartOrder(upload.uploadId);
    const parts = wanted.map((w) => {
      const part = upload.parts.get(w.partNumber);
      if (!part || normaliseEtag(part.etag) !== normaliseEtag(w.etag)) throw InvalidPart(upload.uploadId, w.partNumber, normaliseEtag(w.etag));
      return part;
    });
    parts.forEach((p, i) => {
      if (i < parts.length - 1 && p.size < MIN_PART) throw EntityTooSmall(p.size, MIN_PART, p.partNumber, normaliseEtag(p.etag));
    });
    const data = parts.length === 1 ? parts[0]!.data : Buffer.concat(parts.map((p) => p.data));
    const size = parts.reduce((n, p) => n + p.size, 0);
    const md5s = Buffer.concat(parts.map((p) => Buffer.from(normaliseEtag(p.etag), 'hex')));
    const etag = `"${createHash('md5').update(md5s).digest('hex')}-${parts.length}"`;
    let sse = uploadSse(upload);
    if (sse?.algorithm === 'aws:kms') sse = { ...sse, encryptedDataKey: upload.sse!.encryptedDataKey, segments: parts.map((p) => p.segment!) };
    let checksum;
    if (upload.checksumAlgorithm && parts.every((p) => p.checksum)) {
      const joined = Buffer.concat(parts.map((p) => Buffer.from(p.checksum!.value, 'base64')));
      checksum = { algorithm: upload.checksumAlgorithm, value: `${digest(upload.checksumAlgorithm, joined).toString('base64')}-${parts.length}`, type: 'COMPOSITE' as const };
    }
    requireWriteConditions(input, bucket, upload.key, { current: upload.currentAtStart });
    const v = commitObject(ctx, bucket, {
      key: upload.key,
      data,
      size,
      sse,
      checksum,
      contentType: upload.contentType,
      metadata: upload.metadata,
      ownerAccount: upload.ownerAccount,
      acl: upload.acl,
      etag,
      partsCount: parts.length,
      extra: { tags: upload.tags, contentLanguage: upload.contentLanguage },
    });
    bucket.uploads.delete(upload.uploadId);
    return {
      Location: `${ctx.endpoint}/${bucket.name}/${encodeURIComponent(upload.key).replace(/%2F/g, '/')}`,
      Bucket: bucket.name,
      Key: upload.key,
      ETag: etag,
      VersionId: writtenVersionId(v),
      ...sseOutput(v.sse),
      ...checksumOutput(checksum),
    };
  },
};

export const AbortMultipartUpload: S3Operation<'AbortMultipartUpload', Bucket> = {
  resolve: resolveBucket,
  authorize: (ctx, input, bucket) => objectCheck(ctx, bucket, input.Key!, 's3:AbortMultipartUpload'),
  handler(ctx, input, bucket) {
    const upload = requireUpload(bucket, input.UploadId, input.Key!);
    bucket.uploads.delete(upload.uploadId);
    return {};
  },
};
