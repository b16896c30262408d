/**
 * The S3 operations the emulator implements, by their API names
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html). The operation
 * table and the route bindings are both keyed by this union, so the compiler refuses either without the other, and
 * a name the SDK's S3 client does not know.
 */
import type * as S3 from '@aws-sdk/client-s3';
import type { SdkOperationName } from '../sdk-model.js';

/** Only names of the SDK's model fit (a misspelt or invented operation does not compile). */
type Known<T extends SdkOperationName<typeof S3>> = T;

export type S3OperationName = Known<
  | 'ListBuckets'
  | 'CreateBucket'
  | 'HeadBucket'
  | 'DeleteBucket'
  | 'ListObjects'
  | 'ListObjectsV2'
  | 'ListObjectVersions'
  | 'ListMultipartUploads'
  | 'GetBucketPolicy'
  | 'PutBucketPolicy'
  | 'DeleteBucketPolicy'
  | 'GetBucketVersioning'
  | 'PutBucketVersioning'
  | 'GetBucketEncryption'
  | 'PutBucketEncryption'
  | 'DeleteBucketEncryption'
  | 'GetBucketOwnershipControls'
  | 'PutBucketOwnershipControls'
  | 'DeleteBucketOwnershipControls'
  | 'GetBucketAcl'
  | 'PutBucketAcl'
  | 'GetPublicAccessBlock'
  | 'PutPublicAccessBlock'
  | 'DeletePublicAccessBlock'
  | 'GetBucketTagging'
  | 'PutBucketTagging'
  | 'DeleteBucketTagging'
  | 'DeleteObjects'
  | 'PutObject'
  | 'CopyObject'
  | 'UploadPart'
  | 'GetObject'
  | 'HeadObject'
  | 'DeleteObject'
  | 'AbortMultipartUpload'
  | 'GetObjectAcl'
  | 'PutObjectAcl'
  | 'CreateMultipartUpload'
  | 'CompleteMultipartUpload'
  | 'ListParts'
  | 'GetBucketLocation'
  | 'UploadPartCopy'
  | 'PutBucketNotificationConfiguration'
  | 'GetBucketNotificationConfiguration'
  | 'GetObjectTagging'
  | 'PutObjectTagging'
  | 'DeleteObjectTagging'
>;
