/**
 * CloudFormation's error codes, named as the query protocol carries them (the model's awsQueryError codes:
 * ChangeSetNotFoundException travels as ChangeSetNotFound 404, InvalidChangeSetStatusException as
 * InvalidChangeSetStatus 400). Every request or template problem is a 400 `ValidationError` (Type Sender) with
 * CloudFormation's own wording; missing capabilities are `InsufficientCapabilitiesException`.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/CommonErrors.html
 * Each wording's source (a recorded AWS response or a practitioner quoting AWS) is cited in the tests.
 */
import { AwsError, deniedError } from '../../core/errors.js';
import { notAuthorizedMessage } from '../../iam/render.js';
import type { AuthorizationRequest, Decision } from '../../iam/types.js';

export const ValidationError = (message: string) => new AwsError('ValidationError', 400, message);
export const AccessDenied = (message: string) => new AwsError('AccessDenied', 403, message);
export const AlreadyExistsException = (message: string) => new AwsError('AlreadyExistsException', 400, message);
export const ChangeSetNotFound = (name: string) => new AwsError('ChangeSetNotFound', 404, `ChangeSet [${name}] does not exist`);
export const InvalidChangeSetStatus = (message: string) => new AwsError('InvalidChangeSetStatus', 400, message);
export const InsufficientCapabilitiesException = (missing: readonly string[]) =>
  new AwsError('InsufficientCapabilitiesException', 400, `Requires capabilities : [${missing.join(', ')}]`);

export function cloudformationDenial(request: AuthorizationRequest, decision: Decision): AwsError {
  return deniedError('AccessDenied', 403, notAuthorizedMessage(request, decision), decision);
}
