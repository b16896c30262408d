/**
 * CodePipeline's error codes (all HTTP 400, JSON 1.1 `__type`) and their words.
 * https://docs.aws.amazon.com/codepipeline/latest/APIReference/CommonErrors.html and each operation's Errors list.
 * Sources of wording (ids are lines of ../shared/aws-facts/errors.jsonl):
 * - E092 "<pipeline role arn> is not authorized to perform AssumeRole on role <action role arn>" (aws/aws-cdk#11353)
 * - E093 "CodePipeline is not authorized to perform AssumeRole on role <arn>" (moto test, corroborated by
 *   hashicorp/terraform-provider-aws#13103)
 * - E094 "Action configuration for action '<a>' is missing required configuration '<key>'"
 * - E095 "Action <a> declares 0 input artifacts which is less than the minimum count (1)"; the "greater than the
 *   maximum count" form mirrors it (not recorded).
 * - E096 "ActionType (Category: …) in action '<a>' is not available in region '<REGION_ENUM>'"
 * - E097 "Pipeline has only 1 stage(s). There should be a minimum of 2 stages in a pipeline"
 * - "Pipeline should start with a stage that only contains source actions" (InvalidStructureException, quoted with
 *   its error code in several public READMEs and Terraform error logs, e.g. the cfn-lint E9001 rule's text).
 * - "Output Artifact Bundle name must be unique within the pipeline. <artifact> has been used more than once."
 *   (CloudFormation event quoted in aws-cloudformation/cfn-lint#1688; the error code is not shown there).
 * - "An error occurred while validating the artifact bucket '<bucket>'" (awslabs/aws-deployment-framework#95).
 * - PipelineNotFoundException "Account '<acct>' does not have a pipeline with name '<name>'",
 *   PipelineExecutionNotFoundException "Account '<acct>' does not have an execution with id '<id>' for pipeline
 *   '<name>'", PipelineNameInUseException "A pipeline with the name '<name>' already exists in account '<acct>'"
 *   (moto's models, used as corroboration only).
 * Known deviations: wording marked "not recorded" below follows AWS's documented rule but no recorded response.
 */
import { AwsError, deniedError } from '../../core/errors.js';
import { notAuthorizedMessage } from '../../iam/render.js';
import type { AuthorizationRequest, Decision } from '../../iam/types.js';

const err = (code: string, message: string) => new AwsError(code, 400, message);

export const InvalidStructureException = {
  tooFewStages: (n: number) => err('InvalidStructureException', `Pipeline has only ${n} stage(s). There should be a minimum of 2 stages in a pipeline`),
  firstStageSourcesOnly: () => err('InvalidStructureException', 'Pipeline should start with a stage that only contains source actions'),
  /** Not recorded: the documented rule "Only the first stage of a pipeline may contain source actions." */
  sourceOutsideFirstStage: (stage: string, action: string) =>
    err('InvalidStructureException', `Only the first stage of a pipeline may contain source actions. Stage '${stage}' contains source action '${action}'`),
  /** Not recorded: the documented rule "All stage names within a pipeline must be unique." */
  duplicateStage: (stage: string) => err('InvalidStructureException', `All stage names within a pipeline must be unique. Stage '${stage}' is declared more than once`),
  duplicateOutput: (artifact: string) =>
    err('InvalidStructureException', `Output Artifact Bundle name must be unique within the pipeline. ${artifact} has been used more than once.`),
  /** Not recorded: the documented rule "Every input artifact for an action must match the output artifact of an action earlier in the pipeline." */
  inputNotProduced: (artifact: string, action: string) =>
    err('InvalidStructureException', `Input Artifact Bundle ${artifact} in action ${action} is not declared as an output artifact of an action earlier in the pipeline`),
  pipelineRoleNotAssumable: (roleArn: string) => err('InvalidStructureException', `CodePipeline is not authorized to perform AssumeRole on role ${roleArn}`),
  actionRoleNotAssumable: (pipelineRoleArn: string, actionRoleArn: string) =>
    err('InvalidStructureException', `${pipelineRoleArn} is not authorized to perform AssumeRole on role ${actionRoleArn}`),
  artifactBucket: (bucket: string) => err('InvalidStructureException', `An error occurred while validating the artifact bucket '${bucket}'`),
  /** Not recorded: the API reference says the key may be a key id, key ARN or alias ARN. */
  encryptionKey: (id: string) =>
    err('InvalidStructureException', `Invalid encryption key '${id}': use a KMS key id, key ARN or alias ARN`),
};

export const InvalidActionDeclarationException = {
  minCount: (action: string, kind: 'input' | 'output', n: number, min: number) =>
    err('InvalidActionDeclarationException', `Action ${action} declares ${n} ${kind} artifacts which is less than the minimum count (${min})`),
  maxCount: (action: string, kind: 'input' | 'output', n: number, max: number) =>
    err('InvalidActionDeclarationException', `Action ${action} declares ${n} ${kind} artifacts which is greater than the maximum count (${max})`),
  missingConfiguration: (action: string, key: string) =>
    err('InvalidActionDeclarationException', `Action configuration for action '${action}' is missing required configuration '${key}'`),
  notAvailable: (t: { category?: string; provider?: string; owner?: string; version?: string }, action: string, region: string) =>
    err(
      'InvalidActionDeclarationException',
      `ActionType (Category: '${t.category}', Provider: '${t.provider}', Owner: '${t.owner}', Version: '${t.version}') in action '${action}' is not available in region '${region.toUpperCase().replace(/-/g, '_')}'`,
    ),
};

export const PipelineNotFoundException = (account: string, name: string) =>
  err('PipelineNotFoundException', `Account '${account}' does not have a pipeline with name '${name}'`);

export const PipelineNameInUseException = (account: string, name: string) =>
  err('PipelineNameInUseException', `A pipeline with the name '${name}' already exists in account '${account}'`);

export const PipelineExecutionNotFoundException = (account: string, id: string, name: string) =>
  err('PipelineExecutionNotFoundException', `Account '${account}' does not have an execution with id '${id}' for pipeline '${name}'`);

/** Not recorded: the wordings below name what is wrong in the style of the recorded messages. */
export const StageNotFoundException = (stage: string, pipeline: string) =>
  err('StageNotFoundException', `Stage '${stage}' does not exist in pipeline '${pipeline}'`);
export const ActionNotFoundException = (action: string, stage: string) =>
  err('ActionNotFoundException', `Action '${action}' does not exist in stage '${stage}'`);
export const InvalidApprovalTokenException = (token: string) => err('InvalidApprovalTokenException', `Approval token ${token} is not valid`);
export const ApprovalAlreadyCompletedException = (action: string) =>
  err('ApprovalAlreadyCompletedException', `The approval action ${action} has already been completed`);
export const PipelineExecutionNotStoppableException = (id: string) =>
  err('PipelineExecutionNotStoppableException', `Pipeline execution ${id} is not in progress and cannot be stopped`);
export const DuplicatedStopRequestException = (id: string) =>
  err('DuplicatedStopRequestException', `A stop request for pipeline execution ${id} is already in progress`);
export const StageNotRetryableException = (stage: string, id: string) =>
  err('StageNotRetryableException', `Stage '${stage}' of pipeline execution ${id} cannot be retried: it has no failed actions or the execution is still in progress`);
export const NotLatestPipelineExecutionException = (id: string, stage: string) =>
  err('NotLatestPipelineExecutionException', `Pipeline execution ${id} is not the latest execution of stage '${stage}'`);

/** Not recorded: no AWS answer for an unknown job id was found; the API reference names the code only. */
export const JobNotFoundException = (id: string) => err('JobNotFoundException', `Job ${id} not found`);
/** Not recorded: the API reference names the code for a job no longer in progress; the wording is xacct's. */
export const InvalidJobStateException = (id: string) => err('InvalidJobStateException', `Job ${id} is not in progress`);
export const AccessDeniedException = (message: string) => err('AccessDeniedException', message);

export function codepipelineDenial(request: AuthorizationRequest, decision: Decision): AwsError {
  return deniedError('AccessDeniedException', 400, notAuthorizedMessage(request, decision), decision);
}
