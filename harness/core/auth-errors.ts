/**
 * How each family of services words authentication failures (before any policy is evaluated).
 * Query services (STS, IAM, CloudFormation): 403 with <Type>Sender</Type>; sources: errors.jsonl E055, E056.
 * JSON services (KMS, CodePipeline): 400 UnrecognizedClientException / InvalidSignatureException / ExpiredTokenException.
 * S3: InvalidAccessKeyId, SignatureDoesNotMatch, RequestTimeTooSkewed (403) and ExpiredToken (400, E047).
 * Skew: "Signature expired: <req> is now earlier than <min> (<now> - 15 min.)" as STS words it.
 * S3 body whose hash is not the declared x-amz-content-sha256: 400 XAmzContentSHA256Mismatch.
 * Unsigned headers (S3): 403 AccessDenied "There were headers present in the request which were not signed" with
 * HeadersNotSigned, names joined by ", " (localstack tests/aws/services/s3/test_s3.snapshot.json, recorded against
 * AWS). Other services only insist on `host`: "'Host' or ':authority' must be a 'SignedHeader' in the AWS
 * Authorization." (the Coral wording, older form recorded in architect/dynalite index.js); another unsigned x-amz-*
 * header there fails as the signature would (no AWS wording found for it; the generic mismatch is the closest).
 * Scope date and region for query/JSON services: the Coral messages recorded in architect/dynalite index.js and
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html; for S3 those of
 * openstack/swift's s3api (swift/common/middleware/s3api/s3request.py), which match AWS's recorded ones.
 */
import { AwsError } from './errors.js';

export type AuthFailure =
  | { kind: 'unknownKey' }
  | { kind: 'badSignature' }
  | { kind: 'expiredToken' }
  | { kind: 'badToken' }
  | { kind: 'missing' }
  | { kind: 'malformed'; detail: string }
  | { kind: 'skewed'; requestTime: string; earliest: string; latest: string; now: string; tooLate: boolean }
  | { kind: 'presignExpired'; expires: string; expiresAt: string; now: string }
  | { kind: 'presignNotYetValid'; amzDate: Date; expiresAt: string; now: string }
  | { kind: 'presignParameter'; message: string }
  | { kind: 'payloadMismatch'; declared: string; computed: string }
  | { kind: 'payloadHashMissing' }
  | { kind: 'payloadHashInvalid'; value: string }
  | { kind: 'headersNotSigned'; headers: string[] }
  | { kind: 'scopeDate'; form: 'header' | 'query'; scopeDate: string; amzDate: string }
  | { kind: 'scopeRegion'; form: 'header' | 'query'; region: string; expected: string };

type Family = 'query' | 'json' | 's3';

export function familyOf(service: string): Family {
  if (service === 's3') return 's3';
  if (service === 'kms' || service === 'codepipeline') return 'json';
  return 'query';
}

const SIG_MISMATCH_QUERY =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const SIG_MISMATCH_S3 =
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.';

export function authError(service: string, failure: AuthFailure): AwsError {
  const family = familyOf(service);
  switch (failure.kind) {
    case 'unknownKey':
    case 'badToken':
      if (family === 's3') {
        return failure.kind === 'badToken'
          ? new AwsError('InvalidToken', 400, 'The provided token is malformed or otherwise invalid.')
          : new AwsError('InvalidAccessKeyId', 403, 'The AWS Access Key Id you provided does not exist in our records.');
      }
      if (family === 'json') {
        return new AwsError('UnrecognizedClientException', 400, 'The security token included in the request is invalid.');
      }
      return new AwsError('InvalidClientTokenId', 403, 'The security token included in the request is invalid');
    case 'badSignature':
      if (family === 's3') return new AwsError('SignatureDoesNotMatch', 403, SIG_MISMATCH_S3);
      if (family === 'json') return new AwsError('InvalidSignatureException', 400, SIG_MISMATCH_QUERY);
      return new AwsError('SignatureDoesNotMatch', 403, SIG_MISMATCH_QUERY);
    case 'expiredToken':
      if (family === 's3') return new AwsError('ExpiredToken', 400, 'The provided token has expired.');
      if (family === 'json') return new AwsError('ExpiredTokenException', 400, 'The security token included in the request is expired');
      return new AwsError('ExpiredToken', 403, 'The security token included in the request is expired');
    case 'missing':
      if (family === 's3') return new AwsError('AccessDenied', 403, 'Access Denied');
      if (family === 'json') return new AwsError('MissingAuthenticationTokenException', 400, 'Missing Authentication Token');
      return new AwsError('MissingAuthenticationToken', 403, 'Request is missing Authentication Token');
    case 'malformed':
      if (family === 's3') return new AwsError('AuthorizationHeaderMalformed', 400, `The authorization header is malformed; ${failure.detail}`);
      if (family === 'json') return new AwsError('IncompleteSignatureException', 400, failure.detail);
      return new AwsError('IncompleteSignature', 403, failure.detail);
    case 'skewed': {
      if (family === 's3') {
        return new AwsError('RequestTimeTooSkewed', 403, 'The difference between the request time and the current time is too large.', {
          fields: { RequestTime: failure.requestTime, ServerTime: failure.now, MaxAllowedSkewMilliseconds: '900000' },
        });
      }
      const message = failure.tooLate
        ? `Signature not yet current: ${failure.requestTime} is still later than ${failure.latest} (${failure.now} + 15 min.)`
        : `Signature expired: ${failure.requestTime} is now earlier than ${failure.earliest} (${failure.now} - 15 min.)`;
      return family === 'json' ? new AwsError('InvalidSignatureException', 400, message) : new AwsError('SignatureDoesNotMatch', 403, message);
    }
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
      if (family === 's3') {
        return new AwsError('AccessDenied', 403, 'There were headers present in the request which were not signed', {
          fields: { HeadersNotSigned: failure.headers.join(', ') },
        });
      }
      if (!failure.headers.includes('host')) return authError(service, { kind: 'badSignature' });
      return coralSignatureError(family, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    case 'scopeDate': {
      if (family === 's3') {
        const message = `Invalid credential date "${failure.scopeDate}". This date is not the same as X-Amz-Date: "${failure.amzDate.slice(0, 8)}".`;
        return failure.form === 'query'
          ? new AwsError('AuthorizationQueryParametersError', 400, message)
          : new AwsError('AuthorizationHeaderMalformed', 400, message);
      }
      return coralSignatureError(
        family,
        `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${failure.scopeDate}' != '${failure.amzDate.slice(0, 8)}', from '${failure.amzDate}'.`,
      );
    }
    case 'scopeRegion':
      if (family === 's3') {
        const fields = { Region: failure.expected };
        return failure.form === 'query'
          ? new AwsError('AuthorizationQueryParametersError', 400, `Error parsing the X-Amz-Credential parameter; the region '${failure.region}' is wrong; expecting '${failure.expected}'`, { fields })
          : new AwsError('AuthorizationHeaderMalformed', 400, `The authorization header is malformed; the region '${failure.region}' is wrong; expecting '${failure.expected}'`, { fields });
      }
      // The trailing space is AWS's (cognitect-labs/aws-api#27 quotes STS's XML).
      return coralSignatureError(family, `Credential should be scoped to a valid region, not '${failure.region}'. `);
    case 'payloadMismatch':
      return new AwsError('XAmzContentSHA256Mismatch', 400, "The provided 'x-amz-content-sha256' header does not match what was computed.", {
        fields: { ClientComputedContentSHA256: failure.declared, S3ComputedContentSHA256: failure.computed },
      });
  }
}

/** Scope and signed-header failures of query and JSON services: the signature error of their family. */
function coralSignatureError(family: Family, message: string): AwsError {
  return family === 'json' ? new AwsError('InvalidSignatureException', 400, message) : new AwsError('SignatureDoesNotMatch', 403, message);
}
