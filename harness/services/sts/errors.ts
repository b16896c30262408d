/**
 * STS's error codes and their HTTP statuses, named as STS names them.
 * https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html and API_AssumeRole.html#API_AssumeRole_Errors.
 * Each wording's source is cited in the test that asserts it (sts.test.ts, session-policy.test.ts).
 * An unknown policy ARN in PolicyArns answers with IAM's NoSuchEntity (404) and wording.
 */
import { AwsError } from '../../core/errors.js';
import { renderDenial } from '../../iam/index.js';
import type { AuthorizationRequest, Decision } from '../../iam/types.js';

export const ValidationError = (message: string) => new AwsError('ValidationError', 400, message);
export const AccessDenied = (message: string) => new AwsError('AccessDenied', 403, message);
export const NoSuchEntity = (message: string) => new AwsError('NoSuchEntity', 404, message);

export function stsDenial(request: AuthorizationRequest, decision: Decision): AwsError {
  const r = renderDenial('sts', request, decision);
  return new AwsError(r.code, r.status, r.message, { explanation: decision });
}
