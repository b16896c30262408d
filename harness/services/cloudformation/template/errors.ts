/**
 * CloudFormation's template errors. Every template problem is a 400 `ValidationError` (Type Sender) whose
 * message is CloudFormation's own wording; missing capabilities are `InsufficientCapabilitiesException`.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/CommonErrors.html
 *
 * Each wording's source (a recorded AWS response or a practitioner quoting AWS) is cited in the tests.
 */
import { AwsError, validationError } from '../../../core/errors.js';

export function templateError(message: string): AwsError {
  return validationError(message);
}

export function insufficientCapabilities(missing: readonly string[]): AwsError {
  return new AwsError('InsufficientCapabilitiesException', 400, `Requires capabilities : [${missing.join(', ')}]`);
}
