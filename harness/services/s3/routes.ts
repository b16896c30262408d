/**
 * S3's REST bindings: which members of each implemented operation travel in headers, query parameters and the
 * payload. Which method, path shape and subresource select an operation comes from the SDK's model (sdk-routes.ts),
 * and these bindings are checked against the model's when the service loads.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html
 * Virtual-hosted style: <bucket>.s3.amazonaws.com, <bucket>.s3.<region>.amazonaws.com, <bucket>.localhost and
 * <bucket>.s3.localhost.localstack.cloud carry the bucket in the Host header.
 */
import type { RestBindings, RestMatch, RestRoute } from '../../protocols/rest-xml.js';
import type { S3OperationName } from './operation-names.js';
import { routesFromModel, S3_MODEL, subresourcesOf } from './sdk-routes.js';

const META = { Metadata: 'x-amz-meta-' };

const WRITE_HEADERS = {
  ContentType: 'content-type',
  ContentEncoding: 'content-encoding',
  ContentDisposition: 'content-disposition',
  CacheControl: 'cache-control',
  // Handlers read these from the wire; naming them here lets service-to-service calls send them as members.
  ServerSideEncryption: 'x-amz-server-side-encryption',
  SSEKMSKeyId: 'x-amz-server-side-encryption-aws-kms-key-id',
  SSEKMSEncryptionContext: 'x-amz-server-side-encryption-context',
  BucketKeyEnabled: 'x-amz-server-side-encryption-bucket-key-enabled',
  ACL: 'x-amz-acl',
};

const SSE_OUT = {
  ServerSideEncryption: 'x-amz-server-side-encryption',
  SSEKMSKeyId: 'x-amz-server-side-encryption-aws-kms-key-id',
  BucketKeyEnabled: 'x-amz-server-side-encryption-bucket-key-enabled',
};

const CHECKSUM_VALUES = {
  ChecksumCRC32: 'x-amz-checksum-crc32',
  ChecksumCRC32C: 'x-amz-checksum-crc32c',
  ChecksumCRC64NVME: 'x-amz-checksum-crc64nvme',
  ChecksumSHA1: 'x-amz-checksum-sha1',
  ChecksumSHA256: 'x-amz-checksum-sha256',
};

/** A part has a checksum value but no checksum type (UploadPartOutput has no x-amz-checksum-type). */
const CHECKSUM_OUT = { ...CHECKSUM_VALUES, ChecksumType: 'x-amz-checksum-type' };

const OBJECT_OUT = {
  ETag: 'etag',
  LastModified: 'last-modified',
  ContentType: 'content-type',
  ContentLength: 'content-length',
  ContentEncoding: 'content-encoding',
  ContentDisposition: 'content-disposition',
  CacheControl: 'cache-control',
  ContentRange: 'content-range',
  AcceptRanges: 'accept-ranges',
  VersionId: 'x-amz-version-id',
  PartsCount: 'x-amz-mp-parts-count',
  ...SSE_OUT,
  ...CHECKSUM_OUT,
};

const LIST_QUERY = {
  Prefix: 'prefix',
  Delimiter: 'delimiter',
  MaxKeys: 'max-keys',
  EncodingType: 'encoding-type',
};

const rangeStatus = (o: Record<string, unknown>) => (o['ContentRange'] !== undefined ? 206 : 200);

export const S3_BINDINGS = {
  ListBuckets: { output: { payload: { kind: 'xml', root: 'ListAllMyBucketsResult', wrapped: { Buckets: 'Bucket' } } } },
  CreateBucket: { input: { payload: { member: 'CreateBucketConfiguration', kind: 'xml' } }, output: { headers: { Location: 'location' } } },
  HeadBucket: { output: { headers: { BucketRegion: 'x-amz-bucket-region', AccessPointAlias: 'x-amz-access-point-alias' } } },
  DeleteBucket: { output: { status: 204 } },
  ListObjects: { input: { query: { ...LIST_QUERY, Marker: 'marker' } }, output: { payload: { kind: 'xml', root: 'ListBucketResult' } } },
  ListObjectsV2: {
    input: { query: { ...LIST_QUERY, ContinuationToken: 'continuation-token', StartAfter: 'start-after', FetchOwner: 'fetch-owner' } },
    output: { payload: { kind: 'xml', root: 'ListBucketResult' } },
  },
  ListObjectVersions: {
    input: { query: { ...LIST_QUERY, KeyMarker: 'key-marker', VersionIdMarker: 'version-id-marker' } },
    output: { payload: { kind: 'xml', root: 'ListVersionsResult' } },
  },
  ListMultipartUploads: {
    input: { query: { Prefix: 'prefix', MaxUploads: 'max-uploads' } },
    output: { payload: { kind: 'xml', root: 'ListMultipartUploadsResult' } },
  },
  GetBucketPolicy: { output: { payload: { member: 'Policy', kind: 'string' } } },
  PutBucketPolicy: { input: { payload: { member: 'Policy', kind: 'string' } }, output: { status: 204 } },
  DeleteBucketPolicy: { output: { status: 204 } },
  GetBucketVersioning: { output: { payload: { kind: 'xml', root: 'VersioningConfiguration' } } },
  PutBucketVersioning: { input: { payload: { member: 'VersioningConfiguration', kind: 'xml' } } },
  GetBucketEncryption: {
    output: { payload: { kind: 'xml', root: 'ServerSideEncryptionConfiguration', member: 'ServerSideEncryptionConfiguration' } },
  },
  PutBucketEncryption: { input: { payload: { member: 'ServerSideEncryptionConfiguration', kind: 'xml', lists: ['Rule'] } } },
  DeleteBucketEncryption: { output: { status: 204 } },
  GetBucketOwnershipControls: { output: { payload: { kind: 'xml', root: 'OwnershipControls', member: 'OwnershipControls' } } },
  PutBucketOwnershipControls: { input: { payload: { member: 'OwnershipControls', kind: 'xml', lists: ['Rule'] } } },
  DeleteBucketOwnershipControls: { output: { status: 204 } },
  GetBucketAcl: { output: { payload: { kind: 'xml', root: 'AccessControlPolicy', wrapped: { AccessControlList: 'Grant' } } } },
  PutBucketAcl: { input: { payload: { member: 'AccessControlPolicy', kind: 'xml', lists: ['Grant'] } } },
  GetPublicAccessBlock: { output: { payload: { kind: 'xml', root: 'PublicAccessBlockConfiguration', member: 'PublicAccessBlockConfiguration' } } },
  PutPublicAccessBlock: { input: { payload: { member: 'PublicAccessBlockConfiguration', kind: 'xml' } } },
  DeletePublicAccessBlock: { output: { status: 204 } },
  GetBucketTagging: { output: { payload: { kind: 'xml', root: 'Tagging', wrapped: { TagSet: 'Tag' } } } },
  PutBucketTagging: { input: { payload: { member: 'Tagging', kind: 'xml', lists: ['Tag'] } }, output: { status: 204 } },
  DeleteBucketTagging: { output: { status: 204 } },
  DeleteObjects: {
    input: { payload: { member: 'Delete', kind: 'xml', lists: ['Object'] } },
    output: { payload: { kind: 'xml', root: 'DeleteResult' } },
  },
  PutObject: {
    input: { headers: WRITE_HEADERS, prefixHeaders: META, payload: { member: 'Body', kind: 'blob' } },
    output: { headers: { ETag: 'etag', VersionId: 'x-amz-version-id', ...SSE_OUT, ...CHECKSUM_OUT } },
  },
  CopyObject: {
    input: { headers: { ...WRITE_HEADERS, CopySource: 'x-amz-copy-source', MetadataDirective: 'x-amz-metadata-directive' }, prefixHeaders: META },
    output: {
      headers: { VersionId: 'x-amz-version-id', CopySourceVersionId: 'x-amz-copy-source-version-id', ...SSE_OUT },
      payload: { kind: 'xml', root: 'CopyObjectResult', member: 'CopyObjectResult' },
    },
  },
  UploadPart: {
    input: { query: { PartNumber: 'partNumber', UploadId: 'uploadId' }, payload: { member: 'Body', kind: 'blob' } },
    output: { headers: { ETag: 'etag', ...SSE_OUT, ...CHECKSUM_VALUES } },
  },
  GetObject: {
    input: { query: { VersionId: 'versionId' }, headers: { Range: 'range', ChecksumMode: 'x-amz-checksum-mode' } },
    output: { headers: OBJECT_OUT, prefixHeaders: META, payload: { member: 'Body', kind: 'blob' }, status: rangeStatus },
  },
  HeadObject: {
    input: { query: { VersionId: 'versionId' }, headers: { Range: 'range', ChecksumMode: 'x-amz-checksum-mode' } },
    output: { headers: OBJECT_OUT, prefixHeaders: META, status: rangeStatus },
  },
  DeleteObject: {
    input: { query: { VersionId: 'versionId' } },
    output: { headers: { VersionId: 'x-amz-version-id', DeleteMarker: 'x-amz-delete-marker' }, status: 204 },
  },
  AbortMultipartUpload: { input: { query: { UploadId: 'uploadId' } }, output: { status: 204 } },
  GetObjectAcl: {
    input: { query: { VersionId: 'versionId' } },
    output: { payload: { kind: 'xml', root: 'AccessControlPolicy', wrapped: { AccessControlList: 'Grant' } } },
  },
  PutObjectAcl: { input: { query: { VersionId: 'versionId' }, payload: { member: 'AccessControlPolicy', kind: 'xml', lists: ['Grant'] } } },
  CreateMultipartUpload: {
    input: { headers: WRITE_HEADERS, prefixHeaders: META },
    output: { headers: { ChecksumAlgorithm: 'x-amz-checksum-algorithm', ...SSE_OUT }, payload: { kind: 'xml', root: 'InitiateMultipartUploadResult' } },
  },
  CompleteMultipartUpload: {
    input: { query: { UploadId: 'uploadId' }, payload: { member: 'MultipartUpload', kind: 'xml', lists: ['Part'] } },
    output: { headers: { VersionId: 'x-amz-version-id', ...SSE_OUT }, payload: { kind: 'xml', root: 'CompleteMultipartUploadResult' } },
  },
  ListParts: {
    input: { query: { UploadId: 'uploadId', PartNumberMarker: 'part-number-marker', MaxParts: 'max-parts' } },
    output: { payload: { kind: 'xml', root: 'ListPartsResult' } },
  },
} satisfies Record<S3OperationName, RestBindings>;

/**
 * Where S3 answers another status than its model's `http` code: 204 for PutBucketPolicy and PutBucketTagging (the
 * responses in https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html#API_PutBucketPolicy_Examples
 * and https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketTagging.html#API_PutBucketTagging_Examples), and
 * 206 for a ranged read (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html).
 */
export function s3Status(operation: string, output: Readonly<Record<string, unknown>>): number | undefined {
  if (operation === 'PutBucketPolicy' || operation === 'PutBucketTagging') return 204;
  if ((operation === 'GetObject' || operation === 'HeadObject') && output['ContentRange'] !== undefined) return 206;
  return undefined;
}

/**
 * Browser-based uploads (POST to a bucket with an HTML form, https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectPOST.html)
 * are S3 functionality outside the SDK's model; the emulator lacks them too, so they are refused as not implemented.
 */
const POST_OBJECT: RestMatch = { operation: 'PostObject', method: 'POST', target: 'bucket' };

/** Every operation of the SDK's S3 model (and PostObject), with the bindings of the implemented ones. */
export const S3_ROUTES: RestRoute[] = routesFromModel(S3_MODEL, S3_BINDINGS, [POST_OBJECT]);

export const S3_SUBRESOURCES: ReadonlySet<string> = subresourcesOf(S3_MODEL);

/** The bucket named by a virtual-hosted-style Host header, if any. */
export function bucketFromHost(hostname: string): string | undefined {
  const h = hostname.toLowerCase();
  const aws = /^(.+)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com$/.exec(h);
  if (aws) return aws[1];
  const local = /^(.+)\.s3\.localhost\.localstack\.cloud$/.exec(h) ?? /^(.+)\.localhost$/.exec(h);
  if (local && local[1] !== 's3') return local[1];
  return undefined;
}
