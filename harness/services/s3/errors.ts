/**
 * S3's error codes and words, named as S3 names them (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
 * Ids refer to ../shared/aws-facts/errors.jsonl: E035 NoSuchBucket, E036 NoSuchKey, E039/E040 MalformedPolicy,
 * E034 KMSMasterKeyID with AES256, E043 AccessControlListNotSupported, E045 OwnershipControlsNotFoundError,
 * E046 invalid x-amz-object-ownership, E082 InvalidBucketAclWithObjectOwnership, E028–E032 KMS.* codes.
 * Checksum words: "The SHA256 you specified did not match the calculated checksum." (a real S3 response quoted in
 * a public mock server, and the AWS CLI's own tests for CRC32), "Value for x-amz-checksum-… header is invalid.".
 * NotImplemented: https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html (501) and a recorded answer below.
 * Limits (KeyTooLongError, MetadataTooLarge, InvalidStorageClass, IllegalVersioningConfigurationException): sources
 * in s3-limits.test.ts.
 */
import { AwsError } from '../../core/errors.js';

const e = (code: string, status: number, message: string, fields?: Record<string, string>) => new AwsError(code, status, message, { fields });

export const NoSuchBucket = (bucket: string) => e('NoSuchBucket', 404, 'The specified bucket does not exist', { BucketName: bucket });
export const NoSuchKey = (key: string) => e('NoSuchKey', 404, 'The specified key does not exist.', { Key: key });
export const NoSuchVersion = (key: string, versionId: string) =>
  e('NoSuchVersion', 404, 'The specified version does not exist.', { Key: key, VersionId: versionId });
export const NoSuchUpload = (uploadId: string) =>
  e('NoSuchUpload', 404, 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', {
    UploadId: uploadId,
  });
export const NoSuchBucketPolicy = (bucket: string) => e('NoSuchBucketPolicy', 404, 'The bucket policy does not exist', { BucketName: bucket });
export const ServerSideEncryptionConfigurationNotFoundError = (bucket: string) =>
  e('ServerSideEncryptionConfigurationNotFoundError', 404, 'The server side encryption configuration was not found', { BucketName: bucket });
export const OwnershipControlsNotFoundError = (bucket: string) =>
  e('OwnershipControlsNotFoundError', 404, 'The bucket ownership controls were not found', { BucketName: bucket });
export const NoSuchTagSet = (bucket: string) => e('NoSuchTagSet', 404, 'The TagSet does not exist', { BucketName: bucket });
export const NoSuchPublicAccessBlockConfiguration = (bucket: string) =>
  e('NoSuchPublicAccessBlockConfiguration', 404, 'The public access block configuration was not found', { BucketName: bucket });

export const BucketAlreadyExists = (bucket: string) =>
  e('BucketAlreadyExists', 409, 'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.', {
    BucketName: bucket,
  });
export const BucketAlreadyOwnedByYou = (bucket: string) =>
  e('BucketAlreadyOwnedByYou', 409, 'Your previous request to create the named bucket succeeded and you already own it.', { BucketName: bucket });
export const BucketNotEmpty = (bucket: string) => e('BucketNotEmpty', 409, 'The bucket you tried to delete is not empty', { BucketName: bucket });
export const InvalidBucketName = (bucket: string) => e('InvalidBucketName', 400, 'The specified bucket is not valid.', { BucketName: bucket });

/** ArgumentValue is left out when S3 leaves it out (E046's x-amz-object-ownership answer has none). */
export const InvalidArgument = (message: string, name?: string, value?: string) =>
  e('InvalidArgument', 400, message, name === undefined ? undefined : value === undefined ? { ArgumentName: name } : { ArgumentName: name, ArgumentValue: value });
export const InvalidRequest = (message: string) => e('InvalidRequest', 400, message);
/** Each destination S3 could not validate, as ArgumentName<n> and ArgumentValue<n>; source in bucket-notification.ts. */
export const UnableToValidateDestinations = (failures: ReadonlyArray<readonly [string, string]>) =>
  e(
    'InvalidArgument',
    400,
    'Unable to validate the following destination configurations',
    Object.fromEntries(failures.flatMap(([name, value], i) => [[`ArgumentName${i + 1}`, name], [`ArgumentValue${i + 1}`, value]])),
  );
export const KeyTooLongError = (size: number, max: number) =>
  e('KeyTooLongError', 400, 'Your key is too long', { Size: String(size), MaxSizeAllowed: String(max) });
export const MetadataTooLarge = (size: number, max: number) =>
  e('MetadataTooLarge', 400, 'Your metadata headers exceed the maximum allowed metadata size', { Size: String(size), MaxSizeAllowed: String(max) });
export const InvalidStorageClass = (requested: string) =>
  e('InvalidStorageClass', 400, 'The storage class you specified is not valid', { StorageClassRequested: requested });
export const IllegalVersioningConfigurationException = () =>
  e('IllegalVersioningConfigurationException', 400, 'The Versioning element must be specified');
/** Bucket tagging's refusals; sources in bucket-tagging.ts. */
export const InvalidTag = (message: string, key?: string, value?: string) =>
  e('InvalidTag', 400, message, key === undefined ? undefined : value === undefined ? { TagKey: key } : { TagKey: key, TagValue: value });
export const BadRequest = (message: string) => e('BadRequest', 400, message);
export const MalformedXML = () => e('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema');
export const InvalidRange = (size: number, range: string) =>
  e('InvalidRange', 416, 'The requested range is not satisfiable', { RangeRequested: range, ActualObjectSize: String(size) });
/** On a version that is a delete marker, `headers` say so (x-amz-delete-marker and its version id). */
export const MethodNotAllowed = (method: string, resourceType: 'OBJECT' | 'BUCKET' | 'SERVICE' | 'DeleteMarker', headers: Record<string, string> = {}) =>
  new AwsError('MethodNotAllowed', 405, 'The specified method is not allowed against this resource.', { fields: { Method: method, ResourceType: resourceType }, headers });
/**
 * An operation, subresource or header the emulator does not implement. S3's words, as it answered a real request
 * (https://github.com/aws/aws-sdk-js/issues/15: 501, no trailing period); it names the header when one is the cause.
 */
export const NotImplemented = (header?: string, additionalMessage?: string) =>
  e(
    'NotImplemented',
    501,
    'A header you provided implies functionality that is not implemented',
    header === undefined ? undefined : additionalMessage === undefined ? { Header: header } : { Header: header, additionalMessage },
  );
/** Conditional requests' answers; sources in preconditions.ts. */
export const PreconditionFailed = (condition: string) =>
  e('PreconditionFailed', 412, 'At least one of the pre-conditions you specified did not hold', { Condition: condition });
export const NotModified = () => e('NotModified', 304, 'Not Modified');
export const ConditionalRequestConflict = (condition: string, key: string) =>
  e('ConditionalRequestConflict', 409, 'The conditional request cannot succeed due to a conflicting operation against this resource.', { Condition: condition, Key: key });
/** ACL validation's answers; sources in acl-validation.ts. */
export const MalformedACLError = () => e('MalformedACLError', 400, 'The XML you provided was not well-formed or did not validate against our published schema');
export const UnexpectedContent = () => e('UnexpectedContent', 400, 'This request does not support content');
export const MissingSecurityHeader = (header: string) => e('MissingSecurityHeader', 400, 'Your request was missing a required header', { MissingHeaderName: header });
export const AccessControlListNotSupported = () => e('AccessControlListNotSupported', 400, 'The bucket does not allow ACLs');
export const InvalidBucketAclWithObjectOwnership = () =>
  e('InvalidBucketAclWithObjectOwnership', 400, "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting");
/** S3's bare denial, or a worded one (BlockPublicPolicy, expired presigned URLs, KMS across accounts). */
export const AccessDenied = (message = 'Access Denied', fields?: Record<string, string>, explanation?: unknown) =>
  new AwsError('AccessDenied', 403, message, { fields, explanation });
/** Source in expected-owner.ts. */
export const InvalidBucketOwnerAWSAccountID = (value: string) =>
  e('InvalidBucketOwnerAWSAccountID', 400, `The value of the expected bucket owner parameter must be an AWS Account ID... [${value}]`);
export const MalformedPolicy = (message: string) => e('MalformedPolicy', 400, message);
export const InvalidLocationConstraint = (constraint: string) =>
  e('InvalidLocationConstraint', 400, 'The specified location-constraint is not valid', { LocationConstraint: constraint });
export const IllegalLocationConstraintException = (constraint: string | undefined) =>
  e('IllegalLocationConstraintException', 400, `The ${constraint ?? 'unspecified'} location constraint is incompatible for the region specific endpoint this request was sent to.`);

/** Authentication failures and refused bodies; their sources are in request-errors.ts. */
export const InvalidAccessKeyId = () => e('InvalidAccessKeyId', 403, 'The AWS Access Key Id you provided does not exist in our records.');
export const InvalidToken = () => e('InvalidToken', 400, 'The provided token is malformed or otherwise invalid.');
export const ExpiredToken = () => e('ExpiredToken', 400, 'The provided token has expired.');
export const SignatureDoesNotMatch = () =>
  e('SignatureDoesNotMatch', 403, 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
export const AuthorizationHeaderMalformed = (message: string, fields?: Record<string, string>) => e('AuthorizationHeaderMalformed', 400, message, fields);
export const AuthorizationQueryParametersError = (message: string, fields?: Record<string, string>) => e('AuthorizationQueryParametersError', 400, message, fields);
export const RequestTimeTooSkewed = (requestTime: string, serverTime: string) =>
  e('RequestTimeTooSkewed', 403, 'The difference between the request time and the current time is too large.', {
    RequestTime: requestTime,
    ServerTime: serverTime,
    MaxAllowedSkewMilliseconds: '900000',
  });
export const SlowDown = () => e('SlowDown', 503, 'Please reduce your request rate.');
export const EntityTooLarge = (proposed: number, allowed: number) =>
  e('EntityTooLarge', 400, 'Your proposed upload exceeds the maximum allowed size', { ProposedSize: String(proposed), MaxSizeAllowed: String(allowed) });

export const BadDigestMd5 = () => e('BadDigest', 400, 'The Content-MD5 you specified did not match what we received.');
export const InvalidDigest = () => e('InvalidDigest', 400, 'The Content-MD5 you specified was invalid.');
export const BadDigestChecksum = (algorithm: string) => e('BadDigest', 400, `The ${algorithm} you specified did not match the calculated checksum.`);
export const InvalidChecksumHeader = (header: string) => InvalidRequest(`Value for ${header} header is invalid.`);
export const XAmzContentSHA256Mismatch = (client: string, computed: string) =>
  e('XAmzContentSHA256Mismatch', 400, "The provided 'x-amz-content-sha256' header does not match what was computed.", {
    ClientComputedContentSHA256: client,
    S3ComputedContentSHA256: computed,
  });
export const IncompleteBody = () => e('IncompleteBody', 400, 'The request body terminated unexpectedly');
/**
 * CompleteMultipartUpload's refusals, with the fields S3 gives them, as recorded against AWS in LocalStack's validated
 * snapshots (tests/aws/services/s3/test_s3.snapshot.json: test_multipart_complete_multipart_wrong_part,
 * test_complete_multipart_parts_order, test_multipart_complete_multipart_too_small). `etag` is without its quotes.
 */
export const InvalidPart = (uploadId: string, partNumber: number, etag: string) =>
  e('InvalidPart', 400, "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.", {
    UploadId: uploadId,
    PartNumber: String(partNumber),
    ETag: etag,
  });
export const InvalidPartOrder = (uploadId: string) =>
  e('InvalidPartOrder', 400, 'The list of parts was not in ascending order. Parts must be ordered by part number.', { UploadId: uploadId });
export const EntityTooSmall = (proposed: number, min: number, partNumber: number, etag: string) =>
  e('EntityTooSmall', 400, 'Your proposed upload is smaller than the minimum allowed size', {
    ProposedSize: String(proposed),
    MinSizeAllowed: String(min),
    PartNumber: String(partNumber),
    ETag: etag,
  });

/** S3 names KMS's refusals KMS.<code> (400), except an access denial, which is its own 403 AccessDenied. */
export function fromKms(err: AwsError): AwsError {
  if (err.code === 'AccessDeniedException') return new AwsError('AccessDenied', 403, err.message, { explanation: err.explanation });
  return new AwsError(`KMS.${err.code}`, 400, err.message);
}
