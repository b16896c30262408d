/**
 * The action types xacct knows, with the artifact counts and required configuration AWS documents for each.
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-action-artifacts.html (valid input and output
 * artifacts for each action type) and the action reference pages (action-reference-S3.html,
 * action-reference-CloudFormation.html, action-reference-S3Deploy.html, action-reference-CodeCommit.html,
 * action-reference-CodeBuild.html, approvals-action-add.html, action-reference-GitHub.html: the GitHub version 1
 * action's Owner, Repo, Branch and OAuthToken are required).
 * Known deviations: Build/CodeBuild and Source/ThirdParty/GitHub are accepted as definitions but do not run.
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
  'Source/ThirdParty/GitHub': { inputs: [0, 0], outputs: [1, 1], required: ['Owner', 'Repo', 'Branch', 'OAuthToken'], runnable: false },
  'Source/AWS/CodeCommit': { inputs: [0, 0], outputs: [1, 1], required: ['RepositoryName', 'BranchName'], runnable: true },
  'Build/AWS/CodeBuild': { inputs: [1, 5], outputs: [0, 5], required: ['ProjectName'], runnable: false },
  'Test/AWS/CodeBuild': { inputs: [1, 5], outputs: [0, 5], required: ['ProjectName'], runnable: false },
  'Deploy/AWS/CloudFormation': { inputs: [0, 10], outputs: [0, 1], required: ['ActionMode', 'StackName'], runnable: true },
  'Deploy/AWS/S3': { inputs: [1, 1], outputs: [0, 0], required: ['BucketName', 'Extract'], runnable: true },
  'Approval/AWS/Manual': { inputs: [0, 0], outputs: [0, 0], required: [], runnable: true },
};

export function actionTypeKey(t: ActionTypeId | undefined): string {
  return `${t?.category}/${t?.owner}/${t?.provider}`;
}

export function actionTypeSpec(t: ActionTypeId | undefined): ActionTypeSpec | undefined {
  if (t?.version !== '1') return undefined;
  return SPECS[actionTypeKey(t)];
}

/**
 * Configuration keys a CloudFormation action needs beyond ActionMode and StackName, by mode ("Required:
 * Conditional" in action-reference-CloudFormation.html).
 */
export function cloudFormationRequired(mode: string | undefined): string[] {
  switch (mode) {
    case 'CHANGE_SET_REPLACE':
      return ['ChangeSetName', 'RoleArn', 'TemplatePath'];
    case 'CHANGE_SET_EXECUTE':
      return ['ChangeSetName'];
    case 'DELETE_ONLY':
      return ['RoleArn'];
    case 'CREATE_UPDATE':
    case 'REPLACE_ON_FAILURE':
      return ['RoleArn', 'TemplatePath'];
    default:
      return [];
  }
}
