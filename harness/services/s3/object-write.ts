/**
 * Decisions every object write makes (PutObject, CopyObject, CreateMultipartUpload): which encryption applies
 * (the request's ServerSideEncryption and SSEKMSKeyId members, else the bucket's default), who owns the new object
 * and which ACL it gets (ACL, Grant*) under the bucket's Object Ownership setting, and storing the new version.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/specifying-kms-encryption.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
 * - BucketOwnerEnforced: the bucket owner owns every object; an ACL other than bucket-owner-full-control is
 *   AccessControlListNotSupported (E043).
 * - BucketOwnerPreferred: the bucket owner owns objects written with bucket-owner-full-control; else the writer.
 * - ObjectWriter (and no ownership controls at all): the writing account owns the object.
 * Header words for a bad encryption request follow S3's InvalidArgument answers as recorded by LocalStack's
 * validated snapshots (test_s3_sse_validate_kms_key); not every wording is confirmed.
 */
import { createHash } from 'node:crypto';
import type { ServerSideEncryption } from '@aws-sdk/client-s3';
import type { OperationContext } from '../types.js';
import { cannedAcl, grantsFromMembers, type Grant, type GrantMembers } from './acl.js';
import { validateWriteAcl } from './acl-validation.js';
import { refusePublicAcl } from './public-acl.js';
import { ownerFullControlOnly } from './bucket-config.js';
import { AccessControlListNotSupported, InvalidArgument } from './errors.js';
import { storeVersion, versionIdFor, type Bucket, type ChecksumRecord, type ObjectVersion, type SseRecord } from './store.js';

export interface WriteEncryption {
  algorithm: 'aws:kms' | 'AES256';
  keyId?: string;
  /** SSE-KMS with an S3 Bucket Key: the request's x-amz-server-side-encryption-bucket-key-enabled, else the default's. */
  bucketKeyEnabled?: boolean;
}

/** The encryption members of a write (x-amz-server-side-encryption, x-amz-server-side-encryption-aws-kms-key-id). */
export interface EncryptionMembers {
  ServerSideEncryption?: string;
  SSEKMSKeyId?: string;
  BucketKeyEnabled?: boolean;
}

/** The encryption a write asks for; the bucket default applies when the request names none. */
export function writeEncryption(input: EncryptionMembers, bucket: Bucket): WriteEncryption {
  const sse = input.ServerSideEncryption;
  const keyId = input.SSEKMSKeyId;
  if (sse === undefined) {
    if (keyId !== undefined) {
      throw InvalidArgument(
        'Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms',
        'x-amz-server-side-encryption',
        'null',
      );
    }
    const def = bucket.encryption;
    if (def && (def.SSEAlgorithm === 'aws:kms' || def.SSEAlgorithm === 'aws:kms:dsse')) {
      return { algorithm: 'aws:kms', keyId: def.KMSMasterKeyID, bucketKeyEnabled: input.BucketKeyEnabled ?? def.BucketKeyEnabled };
    }
    return { algorithm: 'AES256' };
  }
  if (sse === 'aws:kms' || sse === 'aws:kms:dsse') {
    const def = bucket.encryption;
    const defaultKey = def?.SSEAlgorithm === 'aws:kms' || def?.SSEAlgorithm === 'aws:kms:dsse' ? def.BucketKeyEnabled : undefined;
    return { algorithm: 'aws:kms', keyId: keyId || undefined, bucketKeyEnabled: input.BucketKeyEnabled ?? defaultKey };
  }
  if (sse === 'AES256') {
    if (keyId !== undefined) {
      throw InvalidArgument(
        'Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms',
        'x-amz-server-side-encryption',
        sse,
      );
    }
    return { algorithm: 'AES256' };
  }
  throw InvalidArgument('The encryption method specified is not supported', 'x-amz-server-side-encryption', sse);
}

export interface WriteOwnership {
  ownerAccount: string;
  acl: Grant[];
}

/** The ACL members of a write: a canned ACL (x-amz-acl) or explicit grants (x-amz-grant-*). */
export interface AclMembers extends GrantMembers {
  ACL?: string;
}

/** Who owns a new object and its ACL; refuses ACLs the bucket's ownership setting does not allow. */
export function writeOwnership(ctx: OperationContext, input: AclMembers, bucket: Bucket): WriteOwnership {
  validateWriteAcl(input);
  const canned = input.ACL;
  const writer = ctx.principal.account ?? bucket.ownerAccount;
  const ownership = bucket.ownership ?? 'ObjectWriter';
  const explicit = grantsFromMembers(input);
  if (ownership === 'BucketOwnerEnforced') {
    const asked = canned !== undefined ? cannedAcl(canned, writer, bucket.ownerAccount) : explicit;
    if (asked && canned !== 'bucket-owner-full-control' && !ownerFullControlOnly(asked, bucket.ownerAccount)) throw AccessControlListNotSupported();
    return { ownerAccount: bucket.ownerAccount, acl: cannedAcl('private', bucket.ownerAccount, bucket.ownerAccount) };
  }
  const owner = ownership === 'BucketOwnerPreferred' && canned === 'bucket-owner-full-control' ? bucket.ownerAccount : writer;
  const acl = explicit ?? cannedAcl(canned ?? 'private', owner, bucket.ownerAccount);
  refusePublicAcl(bucket, acl);
  return { ownerAccount: owner, acl };
}

/** SSE-KMS ETags are not an MD5 of the data (API_Object, ETag); ours derive from the sealed bytes' tag. */
export function etagOf(data: Buffer, sse: SseRecord | undefined): string {
  if (sse?.algorithm === 'aws:kms' && sse.segments?.[0]) return `"${createHash('md5').update(sse.segments[0].tag).digest('hex')}"`;
  return `"${createHash('md5').update(data).digest('hex')}"`;
}

/**
 * The SSE response headers S3 returns for an object; BucketKeyEnabled only when an S3 Bucket Key encrypted it, as
 * recorded against AWS in LocalStack's validated test_s3.snapshot.json test_s3_sse_bucket_key_default (PutObject and
 * GetObject under a default with BucketKeyEnabled) and test_s3_multipart_upload_sse, test_copy_object_kms.
 */
export function sseOutput(sse: SseRecord | undefined): { ServerSideEncryption?: ServerSideEncryption; SSEKMSKeyId?: string; BucketKeyEnabled?: boolean } {
  if (!sse) return {};
  if (sse.algorithm !== 'aws:kms') return { ServerSideEncryption: 'AES256' };
  return { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: sse.keyArn, ...(sse.bucketKeyEnabled ? { BucketKeyEnabled: true } : {}) };
}

const ACL_MEMBERS = ['ACL', 'GrantFullControl', 'GrantRead', 'GrantReadACP', 'GrantWriteACP'] as const;

/** Whether a write names an ACL, which then also needs s3:PutObjectAcl. */
export function wantsAcl(input: AclMembers): boolean {
  return ACL_MEMBERS.some((m) => input[m] !== undefined);
}

/** The user metadata (x-amz-meta-*) of a write, copied so the stored object does not share the request's record. */
export function metadataOf(input: { Metadata?: Record<string, string> }): Record<string, string> {
  return { ...(input.Metadata ?? {}) };
}

export interface NewObject {
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
