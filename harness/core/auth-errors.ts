/**
 * How each family of services words authentication failures (before any policy is evaluated).
 * Query services (STS, IAM, CloudFormation): 403 with <Type>Sender</Type>; sources: errors.jsonl E055, E056.
 * JSON services (KMS, CodePipeline): 400 UnrecognizedClientException / InvalidSignatureException / ExpiredTokenException.
 * S3: InvalidAccessKeyId, SignatureDoesNotMatch, RequestTimeTooSkewed (403) and ExpiredToken (400, E047).
 * Skew: "Signature expired: <req> is now earlier than <min> (<now> - 15 min.)" as STS words it.
 * S3 body whose hash is not the declared x-amz-content-sha256: 400 XAmzContentSHA256Mismatch.
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
  | { kind: 'presignExpired' }
  | { kind: 'payloadMismatch'; declared: string; computed: string };

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
      return new AwsError('AccessDenied', 403, 'Request has expired');
    case 'payloadMismatch':
      return new AwsError('XAmzContentSHA256Mismatch', 400, "The provided 'x-amz-content-sha256' header does not match what was computed.", {
        fields: { ClientComputedContentSHA256: failure.declared, S3ComputedContentSHA256: failure.computed },
      });
  }
}
