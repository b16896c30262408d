/**
 * The action types xacct knows, with the artifact counts and required configuration AWS documents for each.
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-action-artifacts.html (valid input and output
 * artifacts for each action type) and the action reference pages (action-reference-S3.html,
 * action-reference-CloudFormation.html, action-reference-S3Deploy.html, action-reference-CodeCommit.html,
 * action-reference-CodeBuild.html, action-reference-CodestarConnectionSource.html, action-reference-GitHub.html,
 * approvals-action-add.html).
 * Known deviations: none in what is listed; an action type not listed is refused as AWS refuses an unavailable one.
 */
import type { ActionTypeId } from '@aws-sdk/client-codepipeline';

export interface ActionTypeSpec {
  inputs: [number, number];
  outputs: [number, number];
  /** Configuration keys that must be present (more may be required depending on other keys). */
  required: string[];
  runnable: boolean;
}

const SPECS: Record<string, ActionTypeSpec> = {
  'Source/AWS/S3': { inputs: [0, 0], outputs: [1, 1], required: ['S3Bucket', 'S3ObjectKey'], runnable: true },
  'Source/AWS/CodeCommit': { inputs: [0, 0], outputs: [1, 1], required: ['RepositoryName', 'BranchName'], runnable: true },
  'Build/AWS/CodeBuild': { inputs: [1, 5], outputs: [0, 5], required: ['ProjectName'], runnable: true },
  'Test/AWS/CodeBuild': { inputs: [1, 5], outputs: [0, 5], required: ['ProjectName'], runnable: true },
  'Source/AWS/CodeStarSourceConnection': { inputs: [0, 0], outputs: [1, 1], required: ['ConnectionArn', 'FullRepositoryId', 'BranchName'], runnable: true },
  'Source/ThirdParty/GitHub': { inputs: [0, 0], outputs: [1, 1], required: ['Owner', 'Repo', 'Branch', 'OAuthToken'], runnable: true },
  'Deploy/AWS/CloudFormation': { inputs: [0, 10], outputs: [0, 1], required: ['ActionMode', 'StackName'], runnable: true },
  'Deploy/AWS/S3': { inputs: [1, 1], outputs: [0, 0], required: ['BucketName', 'Extract'], runnable: true },
  'Approval/AWS/Manual': { inputs: [0, 0], outputs: [0, 0], required: [], runnable: true },
  'Deploy/AWS/ECS': { inputs: [1, 1], outputs: [0, 0], required: ['ClusterName', 'ServiceName'], runnable: true },
  'Deploy/AWS/CodeDeployToECS': { inputs: [1, 3], outputs: [0, 0], required: ['ApplicationName', 'DeploymentGroupName', 'TaskDefinitionTemplateArtifact', 'AppSpecTemplateArtifact'], runnable: true },
  'Invoke/AWS/Lambda': { inputs: [0, 5], outputs: [0, 5], required: ['FunctionName'], runnable: true },
};

export function actionTypeKey(t: ActionTypeId | undefined): string {
  return `${t?.category}/${t?.owner}/${t?.provider}`;
}

export function actionTypeSpec(t: ActionTypeId | undefined): ActionTypeSpec | undefined {
  if (t?.version !== '1') return undefined;
  return SPECS[actionTypeKey(t)];
}

/**
 * Configuration keys CreatePipeline requires of a CloudFormation action beyond ActionMode and StackName, by mode
 * ("Required: Conditional" in action-reference-CloudFormation.html). RoleArn, also conditional, is not among them:
 * AWS accepts the pipeline and fails the action when it runs (see cloudFormationNeedsRoleArn).
 */
export function cloudFormationRequired(mode: string | undefined): string[] {
  switch (mode) {
    case 'CHANGE_SET_REPLACE':
      return ['ChangeSetName', 'TemplatePath'];
    case 'CHANGE_SET_EXECUTE':
      return ['ChangeSetName'];
    case 'CREATE_UPDATE':
    case 'REPLACE_ON_FAILURE':
      return ['TemplatePath'];
    default:
      return [];
  }
}

const ROLE_ARN_MODES = new Set(['CREATE_UPDATE', 'REPLACE_ON_FAILURE', 'DELETE_ONLY', 'CHANGE_SET_REPLACE']);

/** Whether a CloudFormation action of this mode must name a RoleArn when it runs (every mode but CHANGE_SET_EXECUTE). */
export function cloudFormationNeedsRoleArn(mode: string | undefined): boolean {
  return mode !== undefined && ROLE_ARN_MODES.has(mode);
}
