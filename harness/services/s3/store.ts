/**
 * S3's state: one bucket namespace shared by every account (bucket names are global:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html), each bucket owned by one account
 * and holding its configuration, its objects (every version, newest last) and its open multipart uploads.
 * Deviations: objects live in memory; bucket Region is recorded but every Region's endpoint serves every bucket.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { World } from '../../world/world.js';
import type { Grant } from './acl.js';

export type ObjectOwnership = 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter';

export interface SseRecord {
  algorithm: 'aws:kms' | 'AES256';
  /** Key ARN (aws:kms only). */
  keyArn?: string;
  /** The data key as KMS encrypted it (aws:kms only); S3 asks KMS to decrypt it on every read. */
  encryptedDataKey?: Buffer;
  /** Sealed runs of the stored bytes: one for a plain upload, one per part for a multipart upload. */
  segments?: SseSegment[];
  /** Written with an S3 Bucket Key (aws:kms only): responses say x-amz-server-side-encryption-bucket-key-enabled. */
  bucketKeyEnabled?: boolean;
}

export interface SseSegment {
  length: number;
  iv: Buffer;
  tag: Buffer;
}

export interface ChecksumRecord {
  algorithm: 'CRC32' | 'CRC32C' | 'SHA1' | 'SHA256' | 'CRC64NVME';
  value: string;
  type: 'FULL_OBJECT' | 'COMPOSITE';
}

export interface ObjectVersion {
  key: string;
  versionId: string;
  deleteMarker: boolean;
  /** Stored bytes: the plaintext, or AES-256-GCM ciphertext under the data key for SSE-KMS. */
  data: Buffer;
  size: number;
  etag: string;
  lastModified: Date;
  contentType?: string;
  contentEncoding?: string;
  contentDisposition?: string;
  cacheControl?: string;
  metadata: Record<string, string>;
  /** The account that owns the object (the writer under ObjectWriter, else the bucket owner). */
  ownerAccount: string;
  acl: Grant[];
  sse?: SseRecord;
  checksum?: ChecksumRecord;
  partsCount?: number;
  /** The version's tag set (PutObjectTagging, x-amz-tagging); undefined when it has none. */
  tags?: Array<{ Key: string; Value: string }>;
  contentLanguage?: string;
}

export interface UploadPart {
  partNumber: number;
  data: Buffer;
  segment?: SseSegment;
  size: number;
  etag: string;
  lastModified: Date;
  checksum?: ChecksumRecord;
}

export interface MultipartUpload {
  uploadId: string;
  key: string;
  initiated: Date;
  initiatorArn: string;
  ownerAccount: string;
  contentType?: string;
  metadata: Record<string, string>;
  acl: Grant[];
  /** The SSE settings the upload was created with; every part is sealed under the upload's one data key. */
  sse?: { algorithm: 'aws:kms' | 'AES256'; keyArn?: string; encryptedDataKey?: Buffer; bucketKeyEnabled?: boolean };
  checksumAlgorithm?: ChecksumRecord['algorithm'];
  parts: Map<number, UploadPart>;
  /** The key's current version when the upload began (a conditional Complete conflicts if it changed: preconditions.ts). */
  currentAtStart?: ObjectVersion;
  /** x-amz-tagging of CreateMultipartUpload: the object's tags once completed. */
  tags?: Array<{ Key: string; Value: string }>;
  contentLanguage?: string;
}

export interface EncryptionRule {
  SSEAlgorithm: 'AES256' | 'aws:kms' | 'aws:kms:dsse';
  KMSMasterKeyID?: string;
  BucketKeyEnabled?: boolean;
}

export interface PublicAccessBlock {
  BlockPublicAcls?: boolean;
  IgnorePublicAcls?: boolean;
  BlockPublicPolicy?: boolean;
  RestrictPublicBuckets?: boolean;
}

export interface Bucket {
  name: string;
  ownerAccount: string;
  region: string;
  /** The CreateBucketConfiguration LocationConstraint when it is not the Region's own name (`EU`). */
  locationConstraint?: string;
  created: Date;
  versioning?: 'Enabled' | 'Suspended';
  policy?: string;
  /** Explicit default encryption; without one S3 applies SSE-S3 (AES256). */
  encryption?: EncryptionRule;
  /** Undefined after DeleteBucketOwnershipControls: S3 then behaves as ObjectWriter. */
  ownership?: ObjectOwnership;
  publicAccessBlock?: PublicAccessBlock;
  /** The bucket's tag set (PutBucketTagging); undefined when it has none. */
  tags?: Array<{ Key: string; Value: string }>;
  /** PutBucketNotificationConfiguration's configuration (bucket-notification.ts); undefined when it has none. */
  notification?: import('@aws-sdk/client-s3').NotificationConfiguration;
  acl: Grant[];
  objects: Map<string, ObjectVersion[]>;
  uploads: Map<string, MultipartUpload>;
}

export interface S3Namespace {
  buckets: Map<string, Bucket>;
}

export function s3Namespace(world: World): S3Namespace {
  return world.global('s3', () => ({ buckets: new Map<string, Bucket>() }));
}

export function findBucket(world: World, name: string): Bucket | undefined {
  return s3Namespace(world).buckets.get(name);
}

/** The version a plain GET sees: the newest, which may be a delete marker. */
export function currentVersion(bucket: Bucket, key: string): ObjectVersion | undefined {
  const versions = bucket.objects.get(key);
  return versions?.[versions.length - 1];
}

export function findVersion(bucket: Bucket, key: string, versionId: string): ObjectVersion | undefined {
  return bucket.objects.get(key)?.find((v) => v.versionId === versionId);
}

/**
 * S3 version ids are 32 characters of letters, digits, "." and "_" (LocalStack's test_object_version_id_format,
 * validated against AWS: "tested against more than 100 AWS VersionIds", example gS53zabD7XTvkrwbjMnXlBylVWetO8ym).
 */
export const VERSION_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._';

export function newVersionId(): string {
  return [...randomBytes(32)].map((b) => VERSION_ID_ALPHABET[b % VERSION_ID_ALPHABET.length]).join('');
}

export function newUploadId(): string {
  return randomBytes(48).toString('base64url');
}

/**
 * Stores a new version as S3 does for the bucket's versioning state: Enabled keeps every version; unversioned
 * and Suspended buckets replace the `null` version and keep the others.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/AddingObjectstoVersionSuspendedBuckets.html
 */
export function storeVersion(bucket: Bucket, version: ObjectVersion): void {
  let versions = bucket.objects.get(version.key);
  if (!versions) {
    versions = [];
    bucket.objects.set(version.key, versions);
  }
  if (version.versionId === 'null') {
    const i = versions.findIndex((v) => v.versionId === 'null');
    if (i >= 0) versions.splice(i, 1);
  }
  versions.push(version);
}

export function versionIdFor(bucket: Bucket): string {
  return bucket.versioning === 'Enabled' ? newVersionId() : 'null';
}

export function removeVersion(bucket: Bucket, key: string, versionId: string): ObjectVersion | undefined {
  const versions = bucket.objects.get(key);
  if (!versions) return undefined;
  const i = versions.findIndex((v) => v.versionId === versionId);
  if (i < 0) return undefined;
  const [removed] = versions.splice(i, 1);
  if (versions.length === 0) bucket.objects.delete(key);
  return removed;
}

/** The 64-hex canonical user id S3 shows for an account (stable per account id). */
export function canonicalId(account: string): string {
  return createHash('sha256').update(`xacct-canonical-user:${account}`).digest('hex');
}

export function accountOfCanonicalId(world: World, id: string): string | undefined {
  for (const a of world.accounts.keys()) if (canonicalId(a) === id) return a;
  return undefined;
}
