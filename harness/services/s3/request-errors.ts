/**
 * How S3 refuses a request before any policy is evaluated: authentication failures and bodies it will not hold.
 * - InvalidAccessKeyId, SignatureDoesNotMatch, RequestTimeTooSkewed (403) and ExpiredToken (400, errors.jsonl E047).
 * - A body whose hash is not the declared x-amz-content-sha256: 400 XAmzContentSHA256Mismatch.
 * - Unsigned headers: 403 AccessDenied "There were headers present in the request which were not signed" with
 *   HeadersNotSigned, names joined by ", " (localstack tests/aws/services/s3/test_s3.snapshot.json, recorded against AWS).
 * - Scope date and region: the messages of openstack/swift's s3api (swift/common/middleware/s3api/s3request.py), which
 *   match AWS's recorded ones.
 * - A header-signed request without x-amz-content-sha256: 400 InvalidRequest "Missing required header for this
 *   request: x-amz-content-sha256" (openstack/swift test/s3api/test_input_errors.py, TestV4AuthHeaders).
 * - Too large: 400 EntityTooLarge "Your proposed upload exceeds the maximum allowed size" with ProposedSize and
 *   MaxSizeAllowed (a real S3 response quoted in JuliaCI/NanosoldierReports,
 *   pkgeval/by_hash/8a5200e_vs_84cc901/report.md; https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
 * - Throttled: 503 SlowDown "Please reduce your request rate." (quoted from S3 in aws/aws-sdk-net#1949 and
 *   flightstats/hub#291).
 */
import type { AuthFailure } from '../../core/auth-errors.js';
import type { AwsError } from '../../core/errors.js';
import type { RequestErrors } from '../types.js';
import {
  AccessDenied,
  AuthorizationHeaderMalformed,
  AuthorizationQueryParametersError,
  EntityTooLarge,
  ExpiredToken,
  InvalidAccessKeyId,
  InvalidArgument,
  InvalidRequest,
  InvalidToken,
  RequestTimeTooSkewed,
  SignatureDoesNotMatch,
  SlowDown,
  XAmzContentSHA256Mismatch,
} from './errors.js';

function s3AuthError(failure: AuthFailure): AwsError {
  switch (failure.kind) {
    case 'unknownKey':
      return InvalidAccessKeyId();
    case 'badToken':
      return InvalidToken();
    case 'badSignature':
      return SignatureDoesNotMatch();
    case 'expiredToken':
      return ExpiredToken();
    case 'missing':
      return AccessDenied();
    case 'malformed':
      return AuthorizationHeaderMalformed(`The authorization header is malformed; ${failure.detail}`);
    case 'skewed':
      return RequestTimeTooSkewed(failure.requestTime, failure.now);
    case 'presignExpired':
      return AccessDenied('Request has expired', { 'X-Amz-Expires': failure.expires, Expires: failure.expiresAt, ServerTime: failure.now });
    case 'presignNotYetValid':
      // S3 renders X-Amz-Date here as milliseconds since the epoch (minio/minio#2638 quotes the response).
      return AccessDenied('Request is not yet valid', { 'X-Amz-Date': String(failure.amzDate.getTime()), Expires: failure.expiresAt, ServerTime: failure.now });
    case 'presignParameter':
      return AuthorizationQueryParametersError(failure.message);
    case 'payloadHashMissing':
      return InvalidRequest('Missing required header for this request: x-amz-content-sha256');
    case 'payloadHashInvalid':
      return InvalidArgument(
        'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.',
        'x-amz-content-sha256',
        failure.value,
      );
    case 'headersNotSigned':
      return AccessDenied('There were headers present in the request which were not signed', { HeadersNotSigned: failure.headers.join(', ') });
    case 'scopeDate': {
      const message = `Invalid credential date "${failure.scopeDate}". This date is not the same as X-Amz-Date: "${failure.amzDate.slice(0, 8)}".`;
      return failure.form === 'query' ? AuthorizationQueryParametersError(message) : AuthorizationHeaderMalformed(message);
    }
    case 'scopeRegion': {
      const fields = { Region: failure.expected };
      return failure.form === 'query'
        ? AuthorizationQueryParametersError(`Error parsing the X-Amz-Credential parameter; the region '${failure.region}' is wrong; expecting '${failure.expected}'`, fields)
        : AuthorizationHeaderMalformed(`The authorization header is malformed; the region '${failure.region}' is wrong; expecting '${failure.expected}'`, fields);
    }
    case 'payloadMismatch':
      return XAmzContentSHA256Mismatch(failure.declared, failure.computed);
  }
}

export const s3RequestErrors: RequestErrors = {
  auth: s3AuthError,
  throttled: SlowDown,
  tooLarge: EntityTooLarge,
};
