/**
 * CodeStar connections' errors (JSON 1.0, all HTTP 400), one factory per AWS code; parameter checks use the shared
 * Coral wording of ../params.ts (ValidationException).
 * https://docs.aws.amazon.com/codestar-connections/latest/APIReference/CommonErrors.html and each operation's Errors.
 * Not recorded: no recorded AWS response of ResourceNotFoundException was found (LocalStack and moto do not emulate
 * this service, and no practitioner report quotes it): its message is the API reference's description of the error
 * ("Resource not found. Verify the connection resource ARN and try again.", the SDK model's documentation of
 * ResourceNotFoundException). The denial is IAM's AccessDeniedException wording, as JSON services answer it.
 */
import { AwsError, deniedError } from '../../core/errors.js';
import { notAuthorizedMessage } from '../../iam/render.js';
import type { AuthorizationRequest, Decision } from '../../iam/types.js';

/** The API reference's description of ResourceNotFoundException (GetConnection, DeleteConnection). */
export const ResourceNotFoundException = () => new AwsError('ResourceNotFoundException', 400, 'Resource not found. Verify the connection resource ARN and try again.');

export function connectionsDenial(request: AuthorizationRequest, decision: Decision): AwsError {
  return deniedError('AccessDeniedException', 400, notAuthorizedMessage(request, decision), decision);
}
