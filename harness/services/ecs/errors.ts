/**
 * Amazon ECS's error codes and words (JSON 1.1, HTTP 400).
 * - ClientException "Unable to describe task definition.": recorded by tools that match AWS's answer to a task
 *   definition that does not exist (aws-cli users' scripts; getmoto/moto moto/ecs/exceptions.py
 *   TaskDefinitionNotFoundException reproduces it).
 * - ClusterNotFoundException "Cluster not found.", ServiceNotFoundException "Service not found.", ClientException
 *   "The specified task set does not exist.", ClientException "Container.<prop> should not be null or empty.": as
 *   getmoto/moto moto/ecs/exceptions.py reproduces them (not checked against a recording).
 * - InvalidParameterException "Creation of service was not idempotent." and "The service cannot be stopped while it
 *   is scaled above 0.": moto/ecs/models.py's wording of the same cases (not checked against a recording).
 * - InvalidParameterException "Amazon ECS only supports task set management on services configured to use external
 *   deployment controllers.": a recorded AWS CLI session (describe-task-sets on a service with the ECS controller),
 *   found with the search tool's find_string (file id 12078499737).
 * - InvalidParameterException "Unable to update task definition on services with a CODE_DEPLOY deployment controller.
 *   Use AWS CodeDeploy to trigger a new deployment." (github.com/hashicorp/terraform-provider-aws/issues/12703), and the
 *   same sentence for "network parameters" and for "Cannot force a new deployment on services with a CODE_DEPLOY
 *   deployment controller." (AWS CLI outputs quoted in public write-ups found with find_string).
 * Denials: 400 AccessDeniedException in IAM's words, as ECS answers them, iam:PassRole included: "User: <arn> is not
 * authorized to perform: iam:PassRole on resource: <role> … (Service: AmazonECS; Status Code: 400; Error Code:
 * AccessDeniedException …)" (github.com/serverless-operations/serverless-step-functions/pull/189; with the "because
 * no identity-based policy allows" clause: github.com/LBHackney-IT/Data-Platform/pull/1992).
 */
import { AwsError, deniedError } from '../../core/errors.js';
import { notAuthorizedMessage } from '../../iam/render.js';
import type { AuthorizationRequest, Decision } from '../../iam/types.js';

const err = (code: string, message: string) => new AwsError(code, 400, message);

export const ClusterNotFoundException = () => err('ClusterNotFoundException', 'Cluster not found.');
export const ServiceNotFoundException = () => err('ServiceNotFoundException', 'Service not found.');
export const TaskDefinitionNotFound = () => err('ClientException', 'Unable to describe task definition.');
export const TaskSetNotFound = () => err('ClientException', 'The specified task set does not exist.');
export const MissingProperty = (prop: string) => err('ClientException', `Container.${prop} should not be null or empty.`);
export const ServiceNotIdempotent = () => err('InvalidParameterException', 'Creation of service was not idempotent.');
export const ServiceScaledAboveZero = () => err('InvalidParameterException', 'The service cannot be stopped while it is scaled above 0.');
export const NotExternallyDeployed = () =>
  err('InvalidParameterException', 'Amazon ECS only supports task set management on services configured to use external deployment controllers.');
const USE_CODEDEPLOY = 'Use AWS CodeDeploy to trigger a new deployment.';
export const CodeDeployControlsTaskDefinition = () =>
  err('InvalidParameterException', `Unable to update task definition on services with a CODE_DEPLOY deployment controller. ${USE_CODEDEPLOY}`);
export const CodeDeployControlsNetwork = () =>
  err('InvalidParameterException', `Unable to update network parameters on services with a CODE_DEPLOY deployment controller. ${USE_CODEDEPLOY}`);
export const CodeDeployControlsDeployments = () => err('InvalidParameterException', `Cannot force a new deployment on services with a CODE_DEPLOY deployment controller. ${USE_CODEDEPLOY}`);

/** Denials: 400 AccessDeniedException in IAM's words. */
export function ecsDenial(request: AuthorizationRequest, decision: Decision): AwsError {
  return deniedError('AccessDeniedException', 400, notAuthorizedMessage(request, decision), decision);
}
