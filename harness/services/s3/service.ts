/**
 * Amazon S3 (REST-XML, API version 2006-03-01): buckets and their configuration, objects with versions, ACLs and
 * Object Ownership, multipart uploads, SSE-KMS through the emulated KMS, and the wire details real clients use
 * (aws-chunked bodies, checksums, presigned URLs). Anonymous requests reach authorization, as in S3.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/Welcome.html
 * Denials: s3Denial words them (bare "Access Denied" across accounts, the detailed form within one). Signing quirks:
 * the path as sent, the declared x-amz-content-sha256 (verified before the body), X-Amz-Expires; no body limit
 * beyond the transport's.
 * Known deviations are listed in each operation file's header.
 */
import * as sdk from '@aws-sdk/client-s3';
import { restXmlProtocol } from '../../protocols/rest-xml.js';
import { sdkModel } from '../sdk-model.js';
import type { Operation, ServiceDefinition } from '../types.js';
import {
  DeleteBucketEncryption,
  DeleteBucketOwnershipControls,
  DeleteBucketPolicy,
  DeletePublicAccessBlock,
  GetBucketAcl,
  GetBucketEncryption,
  GetBucketOwnershipControls,
  GetBucketPolicy,
  GetBucketVersioning,
  GetPublicAccessBlock,
  PutBucketAcl,
  PutBucketEncryption,
  PutBucketOwnershipControls,
  PutBucketPolicy,
  PutBucketVersioning,
  PutPublicAccessBlock,
} from './bucket-config.js';
import { GetBucketLocation } from './bucket-location.js';
import { GetBucketNotificationConfiguration, PutBucketNotificationConfiguration } from './bucket-notification.js';
import { DeleteBucketTagging, GetBucketTagging, PutBucketTagging } from './bucket-tagging.js';
import { CreateBucket, DeleteBucket, HeadBucket, ListBuckets } from './buckets.js';
import { ListObjects, ListObjectsV2, ListObjectVersions } from './list.js';
import { AbortMultipartUpload, CompleteMultipartUpload, CreateMultipartUpload, UploadPart } from './multipart.js';
import { ListMultipartUploads, ListParts } from './multipart-list.js';
import { UploadPartCopy } from './multipart-copy.js';
import { GetObjectAcl, PutObjectAcl } from './object-acl.js';
import { CopyObject } from './object-copy.js';
import { DeleteObject, DeleteObjects } from './object-delete.js';
import { GetObject, HeadObject } from './object-get.js';
import { PutObject } from './object-put.js';
import { DeleteObjectTagging, GetObjectTagging, PutObjectTagging } from './object-tagging.js';
import { s3Denial } from './denial.js';
import { MethodNotAllowed, NotImplemented } from './errors.js';
import type { S3OperationName } from './operation-names.js';
import type { S3Input, S3Output } from './operation-types.js';
import { s3RequestErrors } from './request-errors.js';
import { bucketFromHost, s3Status, S3_ROUTES, S3_SUBRESOURCES } from './routes.js';
import { s3Tolerate, s3TypeError } from './type-errors.js';

/**
 * Each operation takes the SDK's own `<Op>CommandInput` and answers its `<Op>CommandOutput` (operation-types.ts), as
 * the protocol coerces and writes them by the SDK's model; the table checks that every name is there with those
 * types. What an operation resolves is its own: `R` is both returned (resolve) and taken (authorize, handler), so
 * only `any` fits every operation's own `R` here.
 */
type S3Operations = { [N in S3OperationName]: Operation<S3Input<N>, S3Output<N>, any> };

const operations = {
  ListBuckets,
  CreateBucket,
  HeadBucket,
  DeleteBucket,
  ListObjects,
  ListObjectsV2,
  ListObjectVersions,
  ListMultipartUploads,
  GetBucketPolicy,
  PutBucketPolicy,
  DeleteBucketPolicy,
  GetBucketVersioning,
  PutBucketVersioning,
  GetBucketEncryption,
  PutBucketEncryption,
  DeleteBucketEncryption,
  GetBucketOwnershipControls,
  PutBucketOwnershipControls,
  DeleteBucketOwnershipControls,
  GetBucketAcl,
  PutBucketAcl,
  GetPublicAccessBlock,
  PutPublicAccessBlock,
  DeletePublicAccessBlock,
  GetBucketTagging,
  PutBucketTagging,
  DeleteBucketTagging,
  DeleteObjects,
  PutObject,
  CopyObject,
  UploadPart,
  GetObject,
  HeadObject,
  DeleteObject,
  AbortMultipartUpload,
  GetObjectAcl,
  PutObjectAcl,
  CreateMultipartUpload,
  CompleteMultipartUpload,
  ListParts,
  GetObjectTagging,
  PutObjectTagging,
  DeleteObjectTagging,
  GetBucketLocation,
  UploadPartCopy,
  PutBucketNotificationConfiguration,
  GetBucketNotificationConfiguration,
} satisfies S3Operations;

export const s3Service: ServiceDefinition = {
  name: 's3',
  protocol: restXmlProtocol({
    routes: S3_ROUTES,
    subresources: S3_SUBRESOURCES,
    refuse: { notImplemented: () => NotImplemented(), methodNotAllowed: MethodNotAllowed },
    xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/',
    hostLabel: bucketFromHost,
    typeError: s3TypeError,
    tolerate: s3Tolerate,
    sdk,
    status: s3Status,
  }),
  model: sdkModel(sdk),
  operations,
  allowsAnonymous: true,
  denial: s3Denial,
  errors: s3RequestErrors,
  signing: { rawPath: true, declaredPayloadHash: true, presignedExpiry: true },
  maxBodyBytes: Infinity,
};
