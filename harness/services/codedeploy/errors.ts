/**
 * CodeDeploy's error codes and words (JSON 1.1, HTTP 400).
 * - InvalidRoleException "Cannot assume role provided." (a service role that does not exist or does not trust
 *   codedeploy.amazonaws.com): github.com/aws/aws-sdk-ruby/issues/772 quotes AWS's answer to CreateDeploymentGroup.
 * - AccessDeniedException "Cross-account pass role is not allowed." (a service role of another account): the CodeDeploy
 *   variant of errors.jsonl E099 (github.com/webfactory/create-aws-codedeploy-deployment/issues/11); its HTTP status
 *   there is not recorded: 400, as CodeDeploy's other AccessDeniedExceptions.
 * - ApplicationDoesNotExistException, ApplicationAlreadyExistsException, DeploymentGroupDoesNotExistException,
 *   DeploymentGroupAlreadyExistsException, DeploymentDoesNotExistException: as getmoto/moto moto/codedeploy/models.py
 *   words them ("The application <name> does not exist with the user or AWS account.", the API reference's sentence);
 *   not checked against a recording.
 * - DeploymentAlreadyCompletedException, InvalidRevisionException, RoleRequiredException: no recorded response was
 *   found; the messages are the exception descriptions of the API reference
 *   (https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_StopDeployment.html, API_CreateDeployment.html).
 * Denials: 400 AccessDeniedException in IAM's words, as JSON services answer (not recorded for CodeDeploy).
 */
import { AwsError, deniedError } from '../../core/errors.js';
import { notAuthorizedMessage } from '../../iam/render.js';
import type { AuthorizationRequest, Decision } from '../../iam/types.js';

const err = (code: string, message: string) => new AwsError(code, 400, message);

export const ApplicationDoesNotExistException = (name: string) => err('ApplicationDoesNotExistException', `The application ${name} does not exist with the user or AWS account.`);
export const ApplicationAlreadyExistsException = (name: string) => err('ApplicationAlreadyExistsException', `The application ${name} already exists with the user or AWS account.`);
export const DeploymentGroupDoesNotExistException = (name: string) =>
  err('DeploymentGroupDoesNotExistException', `The deployment group ${name} does not exist with the user or AWS account.`);
export const DeploymentGroupAlreadyExistsException = (name: string) =>
  err('DeploymentGroupAlreadyExistsException', `The deployment group ${name} already exists with the user or AWS account.`);
export const DeploymentDoesNotExistException = (id: string) => err('DeploymentDoesNotExistException', `The deployment ${id} does not exist with the user or AWS account.`);
export const DeploymentAlreadyCompletedException = () => err('DeploymentAlreadyCompletedException', 'The deployment is already complete.');
export const InvalidRevisionException = (why: string) => err('InvalidRevisionException', why);
export const RoleRequiredException = () => err('RoleRequiredException', 'The role ID was not specified.');
export const InvalidRoleException = () => err('InvalidRoleException', 'Cannot assume role provided.');
export const CrossAccountPassRole = () => err('AccessDeniedException', 'Cross-account pass role is not allowed.');

/** Denials: 400 AccessDeniedException in IAM's words. */
export function codedeployDenial(request: AuthorizationRequest, decision: Decision): AwsError {
  return deniedError('AccessDeniedException', 400, notAuthorizedMessage(request, decision), decision);
}
