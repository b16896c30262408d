/**
 * Lambda's errors, one factory per AWS error code. Lambda is REST-JSON: the code travels in `x-amzn-errortype`
 * and the message in the body's `Message` (../../protocols/rest-json.ts).
 * Sources (recorded AWS answers):
 * - ResourceNotFoundException 404 "Function not found: <arn>": the AWS SDK for Go's smoke test against AWS
 *   (kubernetes/kubernetes vendor/github.com/aws/aws-sdk-go/awstesting/integration/smoke/lambda/lambda.feature:
 *   Invoke of a missing function, code ResourceNotFoundException, message "Function not found"), and
 *   localstack/localstack tests/aws/services/lambda_/test_lambda_api.snapshot.json for the full text and 404.
 * - InvalidParameterValueException 400 "The role defined for the function cannot be assumed by Lambda.": botocore's
 *   "An error occurred (InvalidParameterValueException) when calling the CreateFunction operation: The role defined
 *   for the function cannot be assumed by Lambda." quoted in pywren/pywren (pywren/scripts/pywrencli.py), and
 *   pulumi/examples' note "(Service: Lambda, Status Code: 400, …)".
 * - AccessDeniedException 403 "Cross-account pass role is not allowed.": errors.jsonl E099.
 * - AccessDeniedException 403 in IAM's words for a refused authorization: E099 gives Lambda's 403 status; the
 *   wording is IAM's (E001/E002 forms).
 * - ResourceConflictException 409 "Function already exist: <name>", ResourceNotFoundException "The resource you
 *   requested does not exist." (GetPolicy without a policy), "Statement <sid> is not found in resource policy."
 *   (RemovePermission), ResourceConflictException "The statement id (<sid>) provided already exists. Please provide
 *   a new statement id, or remove the existing statement." (AddPermission): localstack/localstack
 *   tests/aws/services/lambda_/test_lambda_api.snapshot.json (recorded against AWS).
 */
import { AwsError, deniedError } from '../../core/errors.js';
import { notAuthorizedMessage } from '../../iam/render.js';
import type { AuthorizationRequest, Decision } from '../../iam/types.js';

export const ResourceNotFoundException = (message: string) => new AwsError('ResourceNotFoundException', 404, message);
export const functionNotFound = (arn: string) => ResourceNotFoundException(`Function not found: ${arn}`);
export const ResourceConflictException = (message: string) => new AwsError('ResourceConflictException', 409, message);
export const InvalidParameterValueException = (message: string) => new AwsError('InvalidParameterValueException', 400, message);
export const AccessDeniedException = (message: string) => new AwsError('AccessDeniedException', 403, message);
/** A route Lambda does not serve; no recorded answer was found, so the wording is the JSON protocols' (empty). */
export const UnknownOperationException = () => new AwsError('UnknownOperationException', 400, '');

export const ROLE_CANNOT_BE_ASSUMED = 'The role defined for the function cannot be assumed by Lambda.';
export const CROSS_ACCOUNT_PASS_ROLE = 'Cross-account pass role is not allowed.';

export function lambdaDenial(request: AuthorizationRequest, decision: Decision): AwsError {
  return deniedError('AccessDeniedException', 403, notAuthorizedMessage(request, decision), decision);
}
