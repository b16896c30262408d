/**
 * How the query and JSON protocol families word authentication failures (before any policy is evaluated) and the
 * bodies they will not hold. A service declares its family in its definition (`errors`); a service with its own
 * wording (S3: services/s3/request-errors.ts) brings it the same way.
 * Query services (STS, IAM, CloudFormation): 403 with <Type>Sender</Type>; sources: errors.jsonl E055, E056.
 * JSON services (KMS, CodePipeline): 400 UnrecognizedClientException / InvalidSignatureException / ExpiredTokenException.
 * Skew: "Signature expired: <req> is now earlier than <min> (<now> - 15 min.)" as STS words it.
 * Unsigned headers: these services only insist on `host`: "'Host' or ':authority' must be a 'SignedHeader' in the
 * AWS Authorization." (the Coral wording, older form recorded in architect/dynalite index.js); another unsigned
 * x-amz-* header there fails as the signature would (no AWS wording found for it; the generic mismatch is the closest).
 * Scope date and region: the Coral messages recorded in architect/dynalite index.js and
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html.
 * Throttled: query 400 Throttling "Rate exceeded", <Type>Sender</Type> (a recorded AWS response in boto/boto
 * tests/unit/route53/test_connection.py, test_retryable_400_throttling); JSON 400 ThrottlingException "Rate exceeded"
 * (an ECS JSON 1.1 body matched verbatim by rusoto users) unless the service words it itself.
 * Deviation: a body over the service's limit answers 413 RequestEntityTooLarge "Request body is too large", the
 * emulator's own wording (AWS's front ends answer such bodies before the service sees them; no recorded body found).
 */
import { AwsError } from './errors.js';
import type { RequestErrors } from './service.js';

export type AuthFailure =
  | { kind: 'unknownKey' }
  | { kind: 'badSignature' }
  | { kind: 'expiredToken' }
  | { kind: 'badToken' }
  | { kind: 'missing' }
  | { kind: 'malformed'; detail: string }
  | { kind: 'skewed'; requestTime: string; earliest: string; latest: string; now: string; tooLate: boolean }
  | { kind: 'headersNotSigned'; headers: string[] }
  | { kind: 'scopeDate'; form: 'header' | 'query'; scopeDate: string; amzDate: string }
  | { kind: 'scopeRegion'; form: 'header' | 'query'; region: string; expected: string }
  | DeclaredPayloadFailure;

/** Failures only a service with the `declaredPayloadHash` or `presignedExpiry` signing quirks can meet. */
export type DeclaredPayloadFailure =
  | { kind: 'presignExpired'; expires: string; expiresAt: string; now: string }
  | { kind: 'presignNotYetValid'; amzDate: Date; expiresAt: string; now: string }
  | { kind: 'presignParameter'; message: string }
  | { kind: 'payloadMismatch'; declared: string; computed: string }
  | { kind: 'payloadHashMissing' }
  | { kind: 'payloadHashInvalid'; value: string };

type Family = 'query' | 'json';

export const SIG_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

function coralAuthError(family: Family, failure: AuthFailure): AwsError {
  const json = family === 'json';
  switch (failure.kind) {
    case 'unknownKey':
    case 'badToken':
      return json
        ? new AwsError('UnrecognizedClientException', 400, 'The security token included in the request is invalid.')
        : new AwsError('InvalidClientTokenId', 403, 'The security token included in the request is invalid');
    case 'expiredToken':
      return json
        ? new AwsError('ExpiredTokenException', 400, 'The security token included in the request is expired')
        : new AwsError('ExpiredToken', 403, 'The security token included in the request is expired');
    case 'missing':
      return json
        ? new AwsError('MissingAuthenticationTokenException', 400, 'Missing Authentication Token')
        : new AwsError('MissingAuthenticationToken', 403, 'Request is missing Authentication Token');
    case 'malformed':
      return json ? new AwsError('IncompleteSignatureException', 400, failure.detail) : new AwsError('IncompleteSignature', 403, failure.detail);
    case 'skewed':
      return signatureError(
        family,
        failure.tooLate
          ? `Signature not yet current: ${failure.requestTime} is still later than ${failure.latest} (${failure.now} + 15 min.)`
          : `Signature expired: ${failure.requestTime} is now earlier than ${failure.earliest} (${failure.now} - 15 min.)`,
      );
    case 'headersNotSigned':
      if (!failure.headers.includes('host')) return signatureError(family, SIG_MISMATCH);
      return signatureError(family, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    case 'scopeDate':
      return signatureError(
        family,
        `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${failure.scopeDate}' != '${failure.amzDate.slice(0, 8)}', from '${failure.amzDate}'.`,
      );
    case 'scopeRegion':
      // The trailing space is AWS's (cognitect-labs/aws-api#27 quotes STS's XML).
      return signatureError(family, `Credential should be scoped to a valid region, not '${failure.region}'. `);
    default:
      // badSignature; the declared-payload failures never reach a service without those signing quirks, whose
      // signature covers the body it received: a mismatch there is a signature mismatch.
      return signatureError(family, SIG_MISMATCH);
  }
}

/** Scope, skew and signed-header failures: the signature error of the family. */
function signatureError(family: Family, message: string): AwsError {
  return family === 'json' ? new AwsError('InvalidSignatureException', 400, message) : new AwsError('SignatureDoesNotMatch', 403, message);
}

function coralTooLarge(): AwsError {
  return new AwsError('RequestEntityTooLarge', 413, 'Request body is too large');
}

/** Query protocol services (STS, IAM, CloudFormation). */
export const queryErrors: RequestErrors = {
  auth: (failure) => coralAuthError('query', failure),
  throttled: () => new AwsError('Throttling', 400, 'Rate exceeded'),
  tooLarge: coralTooLarge,
};

/** JSON protocol services; `throttleMessage` where the service words its ThrottlingException itself. */
export function jsonErrors(opts: { throttleMessage?: string } = {}): RequestErrors {
  return {
    auth: (failure) => coralAuthError('json', failure),
    throttled: () => new AwsError('ThrottlingException', 400, opts.throttleMessage ?? 'Rate exceeded'),
    tooLarge: coralTooLarge,
  };
}
