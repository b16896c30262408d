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
import { AwsError } from '../../core/errors.js';
import type { RequestErrors } from '../types.js';

const SIG_MISMATCH = 'The request signature we calculated does not match the signature you provided. Check your key and signing method.';

function s3AuthError(failure: AuthFailure): AwsError {
  switch (failure.kind) {
    case 'unknownKey':
      return new AwsError('InvalidAccessKeyId', 403, 'The AWS Access Key Id you provided does not exist in our records.');
    case 'badToken':
      return new AwsError('InvalidToken', 400, 'The provided token is malformed or otherwise invalid.');
    case 'badSignature':
      return new AwsError('SignatureDoesNotMatch', 403, SIG_MISMATCH);
    case 'expiredToken':
      return new AwsError('ExpiredToken', 400, 'The provided token has expired.');
    case 'missing':
      return new AwsError('AccessDenied', 403, 'Access Denied');
    case 'malformed':
      return new AwsError('AuthorizationHeaderMalformed', 400, `The authorization header is malformed; ${failure.detail}`);
    case 'skewed':
      return new AwsError('RequestTimeTooSkewed', 403, 'The difference between the request time and the current time is too large.', {
        fields: { RequestTime: failure.requestTime, ServerTime: failure.now, MaxAllowedSkewMilliseconds: '900000' },
      });
    case 'presignExpired':
      return new AwsError('AccessDenied', 403, 'Request has expired', {
        fields: { 'X-Amz-Expires': failure.expires, Expires: failure.expiresAt, ServerTime: failure.now },
      });
    case 'presignNotYetValid':
      // S3 renders X-Amz-Date here as milliseconds since the epoch (minio/minio#2638 quotes the response).
      return new AwsError('AccessDenied', 403, 'Request is not yet valid', {
        fields: { 'X-Amz-Date': String(failure.amzDate.getTime()), Expires: failure.expiresAt, ServerTime: failure.now },
      });
    case 'presignParameter':
      return new AwsError('AuthorizationQueryParametersError', 400, failure.message);
    case 'payloadHashMissing':
      return new AwsError('InvalidRequest', 400, 'Missing required header for this request: x-amz-content-sha256');
    case 'payloadHashInvalid':
      return new AwsError(
        'InvalidArgument',
        400,
        'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.',
        { fields: { ArgumentName: 'x-amz-content-sha256', ArgumentValue: failure.value } },
      );
    case 'headersNotSigned':
      return new AwsError('AccessDenied', 403, 'There were headers present in the request which were not signed', {
        fields: { HeadersNotSigned: failure.headers.join(', ') },
      });
    case 'scopeDate': {
      const message = `Invalid credential date "${failure.scopeDate}". This date is not the same as X-Amz-Date: "${failure.amzDate.slice(0, 8)}".`;
      return failure.form === 'query' ? new AwsError('AuthorizationQueryParametersError', 400, message) : new AwsError('AuthorizationHeaderMalformed', 400, message);
    }
    case 'scopeRegion': {
      const fields = { Region: failure.expected };
      return failure.form === 'query'
        ? new AwsError('AuthorizationQueryParametersError', 400, `Error parsing the X-Amz-Credential parameter; the region '${failure.region}' is wrong; expecting '${failure.expected}'`, { fields })
        : new AwsError('AuthorizationHeaderMalformed', 400, `The authorization header is malformed; the region '${failure.region}' is wrong; expecting '${failure.expected}'`, { fields });
    }
    case 'payloadMismatch':
      return new AwsError('XAmzContentSHA256Mismatch', 400, "The provided 'x-amz-content-sha256' header does not match what was computed.", {
        fields: { ClientComputedContentSHA256: failure.declared, S3ComputedContentSHA256: failure.computed },
      });
  }
}

export const s3RequestErrors: RequestErrors = {
  auth: s3AuthError,
  throttled: () => new AwsError('SlowDown', 503, 'Please reduce your request rate.'),
  tooLarge: (proposed, allowed) =>
    new AwsError('EntityTooLarge', 400, 'Your proposed upload exceeds the maximum allowed size', {
      fields: { ProposedSize: String(proposed), MaxSizeAllowed: String(allowed) },
    }),
};
