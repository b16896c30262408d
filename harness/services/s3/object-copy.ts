/**
 * CopyObject: https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html
 * Needs s3:GetObject (s3:GetObjectVersion for a named version) on the source and s3:PutObject on the target (and
 * s3:PutObjectAcl with an ACL). The copy is decrypted as the caller and sealed under the target's encryption; a
 * copy onto itself must change metadata, storage class or encryption.
 * Conditions on the source (x-amz-copy-source-if-*) and the target (If-Match, If-None-Match): preconditions.ts.
 * Deviations: ranged copies are not modelled (UploadPartCopy copies ranges: multipart-copy.ts).
 */
import type { AuthCheck, OperationContext } from '../types.js';
import { objectCheck, resolveBucket } from './auth.js';
import { InvalidArgument, InvalidRequest } from './errors.js';
import { requireWriteMembers } from './limits.js';
import { versionHeader, writtenVersionId } from './object-output.js';
import { objectAccess, readAction, resolveObject, type ObjectTarget } from './object-access.js';
import { foundVersion } from './object-read.js';
import { commitObject, metadataOf, sseOutput, wantsAcl, writeEncryption, writeOwnership } from './object-write.js';
import { requireCopySourceConditions, requireWriteConditions, requireWriteConditionValues } from './preconditions.js';
import { headerTags } from './object-tagging.js';
import { openObject, sealObject } from './sse.js';
import type { Bucket, SseRecord } from './store.js';
import type { S3Operation } from './operation-types.js';

interface CopySource {
  bucket: string;
  key: string;
  versionId?: string;
}

/**
 * x-amz-copy-source: "<bucket>/<key>[?versionId=<id>]", URL-encoded, with or without a leading slash. A value
 * that does not decode or names no key is S3's InvalidArgument, which names the header as its own value.
 */
export function copySource(header: string): CopySource {
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

/** What a copy names: the target bucket, and the source object as a read of it would find it. */
export interface CopyTarget {
  bucket: Bucket;
  source: ObjectTarget;
}

/** The target bucket (NoSuchBucket first) and the source a copy names (CopyObject, UploadPartCopy). */
export function resolveCopy(ctx: OperationContext, input: { Bucket?: string; CopySource?: string; ExpectedBucketOwner?: string; ExpectedSourceBucketOwner?: string }): CopyTarget {
  const bucket = resolveBucket(ctx, input);
  const src = copySource(input.CopySource ?? '');
  return { bucket, source: resolveObject(ctx, { Bucket: src.bucket, Key: src.key, VersionId: src.versionId, ExpectedBucketOwner: input.ExpectedSourceBucketOwner }) };
}

/** A copy's checks: the read of the source, s3:PutObject and `more` on the target, then s3:ListBucket on the source. */
export function copyChecks(ctx: OperationContext, key: string, { bucket, source }: CopyTarget, more: AuthCheck[] = []): AuthCheck[] {
  const [read, ...listBucket] = objectAccess(ctx, source, readAction(source, 's3:GetObject', 's3:GetObjectVersion'), 'READ');
  // S3 tells whether the source key exists only once the rest of the copy is authorized.
  return [read!, objectCheck(ctx, bucket, key, 's3:PutObject'), ...more, ...listBucket];
}

export const CopyObject: S3Operation<'CopyObject', CopyTarget> = {
  resolve(ctx, input) {
    requireWriteMembers(input);
    return resolveCopy(ctx, input);
  },
  authorize(ctx, input, target) {
    return copyChecks(ctx, input.Key!, target, wantsAcl(input) ? [objectCheck(ctx, target.bucket, input.Key!, 's3:PutObjectAcl')] : []);
  },
  async handler(ctx, input, { bucket, source }) {
    const srcBucket = source.bucket;
    const v = foundVersion(source.lookup);
    requireWriteConditionValues(input);
    requireCopySourceConditions(input, v, ctx.now());
    const replace = input.MetadataDirective === 'REPLACE';
    const changesEncryption = input.ServerSideEncryption !== undefined;
    if (srcBucket === bucket && source.key === input.Key && !replace && !changesEncryption && input.StorageClass === undefined) {
      throw InvalidRequest(
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      );
    }
    const ownership = writeOwnership(ctx, input, bucket);
    const encryption = writeEncryption(input, bucket);
    // x-amz-tagging-directive: COPY (the default) keeps the source's tags, REPLACE takes x-amz-tagging's (object-tagging.ts).
    const tags = input.TaggingDirective === 'REPLACE' ? headerTags(input.Tagging) : v.tags?.map((t) => ({ ...t }));
    const plain = await openObject(ctx, srcBucket.name, v.key, v.data, v.sse);
    let data = plain;
    let sse: SseRecord = { algorithm: 'AES256' };
    if (encryption.algorithm === 'aws:kms') {
      ({ data, sse } = await sealObject(ctx, bucket.name, input.Key!, encryption.keyId, plain));
      sse.bucketKeyEnabled = encryption.bucketKeyEnabled;
    }
    else if (plain === v.data) data = Buffer.from(plain);
    requireWriteConditions(input, bucket, input.Key!);
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
      extra: { tags, contentLanguage: replace ? input.ContentLanguage : v.contentLanguage },
    });
    return {
      CopyObjectResult: { ETag: copied.etag, LastModified: copied.lastModified },
      VersionId: writtenVersionId(copied),
      CopySourceVersionId: versionHeader(srcBucket, v),
      ...sseOutput(copied.sse),
    };
  },
};
