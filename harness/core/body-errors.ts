/**
 * How each family of services refuses a request body it will not hold: one larger than it accepts, one that
 * arrives while the server already holds as many body bytes as it allows (AWS's throttling answer, which SDKs
 * retry with backoff), or one that could only be authenticated once held.
 * - S3 too large: 400 EntityTooLarge "Your proposed upload exceeds the maximum allowed size" with ProposedSize and
 *   MaxSizeAllowed (a real S3 response quoted in JuliaCI/NanosoldierReports,
 *   pkgeval/by_hash/8a5200e_vs_84cc901/report.md; https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
 * - S3 throttled: 503 SlowDown "Please reduce your request rate." (quoted from S3 in aws/aws-sdk-net#1949 and
 *   flightstats/hub#291: "Please reduce your request rate. (Service: Amazon S3; Status Code: 503; Error Code: SlowDown").
 * - Query services throttled: 400 Throttling "Rate exceeded", <Type>Sender</Type> (a recorded AWS response in
 *   boto/boto tests/unit/route53/test_connection.py, test_retryable_400_throttling).
 * - JSON services throttled: 400 ThrottlingException; KMS words it "You have exceeded the rate at which you may call
 *   KMS. Reduce the frequency of your calls." (awsdocs/aws-kms-developer-guide doc_source/throttling.md), others
 *   "Rate exceeded" (an ECS JSON 1.1 body matched verbatim by rusoto users).
 * - S3 header-signed request without x-amz-content-sha256 (whose signature would cover the body, so the body would
 *   be held before knowing who sent it): 400 InvalidRequest "Missing required header for this request:
 *   x-amz-content-sha256" (openstack/swift test/s3api/test_input_errors.py, TestV4AuthHeaders, written against S3).
 * Deviation: outside S3 a body over 1 MiB answers 413 RequestEntityTooLarge "Request body is too large", the
 * emulator's own wording (AWS's front ends answer such bodies before the service sees them; no recorded body found).
 */
import { familyOf } from './auth-errors.js';
import { AwsError } from './errors.js';

export function bodyTooLarge(service: string, proposed: number, allowed: number): AwsError {
  if (familyOf(service) === 's3') {
    return new AwsError('EntityTooLarge', 400, 'Your proposed upload exceeds the maximum allowed size', {
      fields: { ProposedSize: String(proposed), MaxSizeAllowed: String(allowed) },
    });
  }
  return new AwsError('RequestEntityTooLarge', 413, 'Request body is too large');
}

export function throttled(service: string): AwsError {
  switch (familyOf(service)) {
    case 's3':
      return new AwsError('SlowDown', 503, 'Please reduce your request rate.');
    case 'json':
      return new AwsError(
        'ThrottlingException',
        400,
        service === 'kms' ? 'You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.' : 'Rate exceeded',
      );
    case 'query':
      return new AwsError('Throttling', 400, 'Rate exceeded');
  }
}

export function missingPayloadHash(): AwsError {
  return new AwsError('InvalidRequest', 400, 'Missing required header for this request: x-amz-content-sha256');
}
