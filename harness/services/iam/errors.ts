/**
 * IAM's error codes and their HTTP statuses, named as IAM names them.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html and each action's Errors list
 * (NoSuchEntity 404, EntityAlreadyExists/DeleteConflict/LimitExceeded 409, MalformedPolicyDocument 400).
 * Each wording's source is cited in the test that asserts it (test/iam.test.ts, policy-limits.test.ts).
 */
import { AwsError, deniedError } from '../../core/errors.js';
import { notAuthorizedMessage } from '../../iam/render.js';
import type { AuthorizationRequest, Decision } from '../../iam/types.js';

export const NoSuchEntity = (message: string) => new AwsError('NoSuchEntity', 404, message);
export const EntityAlreadyExists = (message: string) => new AwsError('EntityAlreadyExists', 409, message);
export const DeleteConflict = (message: string) => new AwsError('DeleteConflict', 409, message);
export const LimitExceeded = (message: string) => new AwsError('LimitExceeded', 409, message);
export const MalformedPolicyDocument = (message: string) => new AwsError('MalformedPolicyDocument', 400, message);
export const ValidationError = (message: string) => new AwsError('ValidationError', 400, message);
/** 400 InvalidInput: tag keys equal but for case (tag-rules.ts gives the recording). */
export const InvalidInput = (message: string) => new AwsError('InvalidInput', 400, message);
/**
 * A role AWS owns (path /aws-reserved/, IAM Identity Center's AWSReservedSSO_* roles; /aws-service-role/,
 * service-linked roles), worded as the IAM Identity Center guide quotes it:
 * https://docs.aws.amazon.com/singlesignon/latest/userguide/troubleshooting.html ("Cannot perform the operation on the
 * protected role 'AWSReservedSSO_RoleName_Here' - this role is only modifiable by AWS"); 400 per IAM's CommonErrors.
 */
export const UnmodifiableEntity = (roleName: string) =>
  new AwsError('UnmodifiableEntity', 400, `Cannot perform the operation on the protected role '${roleName}' - this role is only modifiable by AWS`);
export const AccessDenied = (message: string) => new AwsError('AccessDenied', 403, message);

export function iamDenial(request: AuthorizationRequest, decision: Decision): AwsError {
  return deniedError('AccessDenied', 403, notAuthorizedMessage(request, decision), decision);
}
