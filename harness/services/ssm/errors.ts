/**
 * SSM's error codes and words (JSON 1.1, all HTTP 400).
 * - ParameterNotFound with an empty message: localstack tests/aws/services/cloudformation/api/test_changesets.snapshot.json
 *   (test_deleting_resource, "get-parameter-error", recorded 2025-06-02 against AWS) and
 *   tests/aws/services/cloudformation/resources/test_ssm.snapshot.json ("ssm_parameter_not_found").
 * - ParameterAlreadyExists "The parameter already exists. To overwrite this value, set the overwrite option in the
 *   request to true.": quoted from AWS by Terraform users (e.g. "operation error SSM: PutParameter, https response
 *   error StatusCode: 400, … ParameterAlreadyExists: …").
 * - ValidationException for a parameter created without a Type ("A parameter type is required when you create a
 *   parameter."): no recorded AWS response was found; the wording is the one SSM fakes (moto) use.
 * - AccessDeniedException in IAM's words ("User: <arn> is not authorized to perform: ssm:GetParameter on resource:
 *   <arn> because no identity-based policy allows the ssm:GetParameter action"), as JSON services answer.
 * - KMS's refusals (SecureString) reach the caller as KMS worded them (errors.jsonl E005 notes one through SSM).
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html#API_PutParameter_Errors
 */
import { AwsError, deniedError } from '../../core/errors.js';
import { notAuthorizedMessage } from '../../iam/render.js';
import type { AuthorizationRequest, Decision } from '../../iam/types.js';

const err = (code: string, message: string) => new AwsError(code, 400, message);

export const ParameterNotFound = () => err('ParameterNotFound', '');

export const ParameterAlreadyExists = () =>
  err('ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.');

export const ValidationException = (message: string) => err('ValidationException', message);

/** A refusal KMS answered while SSM encrypted or decrypted a SecureString as the caller, passed on in KMS's words. */
export const fromKms = (e: AwsError): AwsError => e;

export function ssmDenial(request: AuthorizationRequest, decision: Decision): AwsError {
  return deniedError('AccessDeniedException', 400, notAuthorizedMessage(request, decision), decision);
}
