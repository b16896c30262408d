/**
 * S3's REST bindings: which method, path shape and subresource select each operation, and which members travel
 * in headers, query parameters and the payload (as the S3 Smithy model declares them).
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html
 * Virtual-hosted style: <bucket>.s3.amazonaws.com, <bucket>.s3.<region>.amazonaws.com, <bucket>.localhost and
 * <bucket>.s3.localhost.localstack.cloud carry the bucket in the Host header.
 */
import type { RestRoute } from '../../protocols/rest-xml.js';

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

const CHECKSUM_OUT = {
  ChecksumCRC32: 'x-amz-checksum-crc32',
  ChecksumCRC32C: 'x-amz-checksum-crc32c',
  ChecksumCRC64NVME: 'x-amz-checksum-crc64nvme',
  ChecksumSHA1: 'x-amz-checksum-sha1',
  ChecksumSHA256: 'x-amz-checksum-sha256',
  ChecksumType: 'x-amz-checksum-type',
};

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

export const S3_ROUTES: RestRoute[] = [
  { operation: 'ListBuckets', method: 'GET', target: 'root', output: { payload: { kind: 'xml', root: 'ListAllMyBucketsResult', wrapped: { Buckets: 'Bucket' } } } },

  {
    operation: 'CreateBucket',
    method: 'PUT',
    target: 'bucket',
    input: { payload: { member: 'CreateBucketConfiguration', kind: 'xml' } },
    output: { headers: { Location: 'location' } },
  },
  { operation: 'HeadBucket', method: 'HEAD', target: 'bucket', output: { headers: { BucketRegion: 'x-amz-bucket-region', AccessPointAlias: 'x-amz-access-point-alias' } } },
  { operation: 'DeleteBucket', method: 'DELETE', target: 'bucket', output: { status: 204 } },
  {
    operation: 'ListObjects',
    method: 'GET',
    target: 'bucket',
    input: { query: { ...LIST_QUERY, Marker: 'marker' } },
    output: { payload: { kind: 'xml', root: 'ListBucketResult' } },
  },
  {
    operation: 'ListObjectsV2',
    method: 'GET',
    target: 'bucket',
    query: ['list-type'],
    input: { query: { ...LIST_QUERY, ContinuationToken: 'continuation-token', StartAfter: 'start-after', FetchOwner: 'fetch-owner' } },
    output: { payload: { kind: 'xml', root: 'ListBucketResult' } },
  },
  {
    operation: 'ListObjectVersions',
    method: 'GET',
    target: 'bucket',
    query: ['versions'],
    input: { query: { ...LIST_QUERY, KeyMarker: 'key-marker', VersionIdMarker: 'version-id-marker' } },
    output: { payload: { kind: 'xml', root: 'ListVersionsResult' } },
  },
  {
    operation: 'ListMultipartUploads',
    method: 'GET',
    target: 'bucket',
    query: ['uploads'],
    input: { query: { Prefix: 'prefix', MaxUploads: 'max-uploads' } },
    output: { payload: { kind: 'xml', root: 'ListMultipartUploadsResult' } },
  },

  { operation: 'GetBucketPolicy', method: 'GET', target: 'bucket', query: ['policy'], output: { payload: { member: 'Policy', kind: 'string' } } },
  { operation: 'PutBucketPolicy', method: 'PUT', target: 'bucket', query: ['policy'], input: { payload: { member: 'Policy', kind: 'string' } }, output: { status: 204 } },
  { operation: 'DeleteBucketPolicy', method: 'DELETE', target: 'bucket', query: ['policy'], output: { status: 204 } },

  { operation: 'GetBucketVersioning', method: 'GET', target: 'bucket', query: ['versioning'], output: { payload: { kind: 'xml', root: 'VersioningConfiguration' } } },
  { operation: 'PutBucketVersioning', method: 'PUT', target: 'bucket', query: ['versioning'], input: { payload: { member: 'VersioningConfiguration', kind: 'xml' } } },

  {
    operation: 'GetBucketEncryption',
    method: 'GET',
    target: 'bucket',
    query: ['encryption'],
    output: { payload: { kind: 'xml', root: 'ServerSideEncryptionConfiguration', member: 'ServerSideEncryptionConfiguration' } },
  },
  {
    operation: 'PutBucketEncryption',
    method: 'PUT',
    target: 'bucket',
    query: ['encryption'],
    input: { payload: { member: 'ServerSideEncryptionConfiguration', kind: 'xml', lists: ['Rule'] } },
  },
  { operation: 'DeleteBucketEncryption', method: 'DELETE', target: 'bucket', query: ['encryption'], output: { status: 204 } },

  {
    operation: 'GetBucketOwnershipControls',
    method: 'GET',
    target: 'bucket',
    query: ['ownershipControls'],
    output: { payload: { kind: 'xml', root: 'OwnershipControls', member: 'OwnershipControls' } },
  },
  {
    operation: 'PutBucketOwnershipControls',
    method: 'PUT',
    target: 'bucket',
    query: ['ownershipControls'],
    input: { payload: { member: 'OwnershipControls', kind: 'xml', lists: ['Rule'] } },
  },
  { operation: 'DeleteBucketOwnershipControls', method: 'DELETE', target: 'bucket', query: ['ownershipControls'], output: { status: 204 } },

  { operation: 'GetBucketAcl', method: 'GET', target: 'bucket', query: ['acl'], output: { payload: { kind: 'xml', root: 'AccessControlPolicy', wrapped: { AccessControlList: 'Grant' } } } },
  { operation: 'PutBucketAcl', method: 'PUT', target: 'bucket', query: ['acl'], input: { payload: { member: 'AccessControlPolicy', kind: 'xml', lists: ['Grant'] } } },

  {
    operation: 'GetPublicAccessBlock',
    method: 'GET',
    target: 'bucket',
    query: ['publicAccessBlock'],
    output: { payload: { kind: 'xml', root: 'PublicAccessBlockConfiguration', member: 'PublicAccessBlockConfiguration' } },
  },
  {
    operation: 'PutPublicAccessBlock',
    method: 'PUT',
    target: 'bucket',
    query: ['publicAccessBlock'],
    input: { payload: { member: 'PublicAccessBlockConfiguration', kind: 'xml' } },
  },
  { operation: 'DeletePublicAccessBlock', method: 'DELETE', target: 'bucket', query: ['publicAccessBlock'], output: { status: 204 } },

  {
    operation: 'DeleteObjects',
    method: 'POST',
    target: 'bucket',
    query: ['delete'],
    input: { payload: { member: 'Delete', kind: 'xml', lists: ['Object'] } },
    output: { payload: { kind: 'xml', root: 'DeleteResult' } },
  },

  {
    operation: 'PutObject',
    method: 'PUT',
    target: 'object',
    input: { headers: WRITE_HEADERS, prefixHeaders: META, payload: { member: 'Body', kind: 'blob' } },
    output: { headers: { ETag: 'etag', VersionId: 'x-amz-version-id', ...SSE_OUT, ...CHECKSUM_OUT } },
  },
  {
    operation: 'CopyObject',
    method: 'PUT',
    target: 'object',
    header: 'x-amz-copy-source',
    input: { headers: { ...WRITE_HEADERS, CopySource: 'x-amz-copy-source', MetadataDirective: 'x-amz-metadata-directive' }, prefixHeaders: META },
    output: {
      headers: { VersionId: 'x-amz-version-id', CopySourceVersionId: 'x-amz-copy-source-version-id', ...SSE_OUT },
      payload: { kind: 'xml', root: 'CopyObjectResult', member: 'CopyObjectResult' },
    },
  },
  {
    operation: 'UploadPart',
    method: 'PUT',
    target: 'object',
    query: ['partNumber', 'uploadId'],
    input: { query: { PartNumber: 'partNumber', UploadId: 'uploadId' }, payload: { member: 'Body', kind: 'blob' } },
    output: { headers: { ETag: 'etag', ...SSE_OUT, ...CHECKSUM_OUT } },
  },
  {
    operation: 'GetObject',
    method: 'GET',
    target: 'object',
    input: { query: { VersionId: 'versionId' }, headers: { Range: 'range', ChecksumMode: 'x-amz-checksum-mode' } },
    output: { headers: OBJECT_OUT, prefixHeaders: META, payload: { member: 'Body', kind: 'blob' }, status: rangeStatus },
  },
  {
    operation: 'HeadObject',
    method: 'HEAD',
    target: 'object',
    input: { query: { VersionId: 'versionId' }, headers: { Range: 'range', ChecksumMode: 'x-amz-checksum-mode' } },
    output: { headers: OBJECT_OUT, prefixHeaders: META, status: rangeStatus },
  },
  {
    operation: 'DeleteObject',
    method: 'DELETE',
    target: 'object',
    input: { query: { VersionId: 'versionId' } },
    output: { headers: { VersionId: 'x-amz-version-id', DeleteMarker: 'x-amz-delete-marker' }, status: 204 },
  },
  { operation: 'AbortMultipartUpload', method: 'DELETE', target: 'object', query: ['uploadId'], input: { query: { UploadId: 'uploadId' } }, output: { status: 204 } },
  {
    operation: 'GetObjectAcl',
    method: 'GET',
    target: 'object',
    query: ['acl'],
    input: { query: { VersionId: 'versionId' } },
    output: { payload: { kind: 'xml', root: 'AccessControlPolicy', wrapped: { AccessControlList: 'Grant' } } },
  },
  {
    operation: 'PutObjectAcl',
    method: 'PUT',
    target: 'object',
    query: ['acl'],
    input: { query: { VersionId: 'versionId' }, payload: { member: 'AccessControlPolicy', kind: 'xml', lists: ['Grant'] } },
  },
  {
    operation: 'CreateMultipartUpload',
    method: 'POST',
    target: 'object',
    query: ['uploads'],
    input: { headers: WRITE_HEADERS, prefixHeaders: META },
    output: { headers: { ChecksumAlgorithm: 'x-amz-checksum-algorithm', ...SSE_OUT }, payload: { kind: 'xml', root: 'InitiateMultipartUploadResult' } },
  },
  {
    operation: 'CompleteMultipartUpload',
    method: 'POST',
    target: 'object',
    query: ['uploadId'],
    input: { query: { UploadId: 'uploadId' }, payload: { member: 'MultipartUpload', kind: 'xml', lists: ['Part'] } },
    output: { headers: { VersionId: 'x-amz-version-id', ...SSE_OUT }, payload: { kind: 'xml', root: 'CompleteMultipartUploadResult' } },
  },
  {
    operation: 'ListParts',
    method: 'GET',
    target: 'object',
    query: ['uploadId'],
    input: { query: { UploadId: 'uploadId', PartNumberMarker: 'part-number-marker', MaxParts: 'max-parts' } },
    output: { payload: { kind: 'xml', root: 'ListPartsResult' } },
  },
];

/** The bucket named by a virtual-hosted-style Host header, if any. */
export function bucketFromHost(hostname: string): string | undefined {
  const h = hostname.toLowerCase();
  const aws = /^(.+)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com$/.exec(h);
  if (aws) return aws[1];
  const local = /^(.+)\.s3\.localhost\.localstack\.cloud$/.exec(h) ?? /^(.+)\.localhost$/.exec(h);
  if (local && local[1] !== 's3') return local[1];
  return undefined;
}
