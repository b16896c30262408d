/**
 * CodeBuild's error codes (JSON 1.1 `__type`, all HTTP 400) and their words.
 * https://docs.aws.amazon.com/codebuild/latest/APIReference/CommonErrors.html and each operation's Errors list.
 * Sources of wording:
 * - InvalidInputException "CodeBuild is not authorized to perform: sts:AssumeRole on <role arn>", answered by
 *   CreateProject/UpdateProject when the service role does not exist or does not trust codebuild.amazonaws.com:
 *   https://docs.aws.amazon.com/codebuild/latest/userguide/troubleshooting.html#troubleshooting-assume-role
 * - ResourceNotFoundException "Project cannot be found: <project arn>" (StartBuild), recorded through a
 *   CodePipeline action's errorDetails in https://ncona.com/2020/05/aws-code-pipeline.
 * - AccessDeniedException in IAM's words, e.g. "User: <arn> is not authorized to perform: codebuild:CreateProject on
 *   resource: arn:aws:codebuild:<region>:<acct>:project/<name> …" (Service: AWSCodeBuild; Status Code: 400; Error
 *   Code: AccessDeniedException), recorded in udacity/cd0157-Server-Deployment-and-Containerization#47.
 * Not recorded (corroborated only by moto's getmoto/moto moto/codebuild/responses.py, which is not AWS):
 * ResourceAlreadyExistsException "Project already exists: <project arn>", ResourceNotFoundException "Build <id> does
 * not exist" (StopBuild) and "The provided project <arn> does not exist" (ListBuildsForProject), InvalidInputException
 * "Invalid build ID provided". The wordings of UpdateProject on a missing project (the StartBuild wording is used),
 * of a missing required member ("<member> is required") and of an unsupported source or artifacts type are ours.
 */
import { AwsError, deniedError } from '../../core/errors.js';
import { notAuthorizedMessage } from '../../iam/render.js';
import type { AuthorizationRequest, Decision } from '../../iam/types.js';

const err = (code: string, message: string) => new AwsError(code, 400, message);

export const InvalidInputException = {
  roleNotAssumable: (roleArn: string) => err('InvalidInputException', `CodeBuild is not authorized to perform: sts:AssumeRole on ${roleArn}`),
  required: (member: string) => err('InvalidInputException', `${member} is required`),
  invalidBuildId: () => err('InvalidInputException', 'Invalid build ID provided'),
  unsupported: (what: string, value: string) => err('InvalidInputException', `Invalid type provided: ${what} ${value} is not supported by xacct`),
};

export const ResourceAlreadyExistsException = (arn: string) => err('ResourceAlreadyExistsException', `Project already exists: ${arn}`);

export const ResourceNotFoundException = {
  project: (arn: string) => err('ResourceNotFoundException', `Project cannot be found: ${arn}`),
  projectForList: (arn: string) => err('ResourceNotFoundException', `The provided project ${arn} does not exist`),
  build: (id: string) => err('ResourceNotFoundException', `Build ${id} does not exist`),
};

export function codebuildDenial(request: AuthorizationRequest, decision: Decision): AwsError {
  return deniedError('AccessDeniedException', 400, notAuthorizedMessage(request, decision), decision);
}
