/**
 * The names a hand-off uses, derived from the reference setup's options (stacks/options.ts) plus what only the
 * applied world knows (the key's ARN).
 */
import { referenceArns, type ReferenceSetupOptions } from '../../stacks/options.js';
import type { ArtifactWriter } from '../check/hops.js';

export type { ArtifactWriter };

/** One cross-account deploy action of the pipeline: where a hand-off goes, and as which roles. */
export interface HandoffTarget {
  /** The pipeline, stage and action the hand-off acts for (undefined when no applied pipeline states them). */
  pipeline?: string;
  stage?: string;
  action?: string;
  /** 'CloudFormation' or 'S3' (the Deploy action's provider). */
  provider: 'CloudFormation' | 'S3';
  targetAccount: string;
  actionRoleArn: string;
  /** CloudFormation: the role passed to CloudFormation, and the stack. */
  deployRoleArn: string;
  stackName: string;
  /** S3: the bucket the files go to. */
  deployBucket: string;
  /**
   * CloudFormation: the action's ActionMode when the pipeline states it. CHANGE_SET_REPLACE creates a change set
   * (passing the deploy role), CHANGE_SET_EXECUTE executes it; any other mode (or none) creates the stack.
   */
  mode?: string;
  /** CloudFormation change set modes: the change set's name (ChangeSetName). */
  changeSetName?: string;
  /** False when the action takes no input artifact (CDK Pipelines' CHANGE_SET_EXECUTE): it reads nothing. */
  readsArtifact?: boolean;
  /**
   * Who wrote the artifact the action reads (its template's artifact, else its first input), derived from the
   * applied pipeline as `xacct check` derives its hops (harness/check/hops.ts, artifactWriters).
   */
  writer?: ArtifactWriter;
}

export interface HandoffNames {
  options: ReferenceSetupOptions;
  pipelineAccount: string;
  targetAccount: string;
  region: string;
  artifactBucket: string;
  sourceBucket: string;
  deployBucket: string;
  keyAlias: string;
  keyAliasArn: string;
  /** Set once the setup is applied (CreateKey generates the id). */
  keyArn: string;
  keyId: string;
  pipelineRoleArn: string;
  actionRoleArn: string;
  deployRoleArn: string;
  pipelineName: string;
  stackName: string;
  sourceObjectKey: string;
  /**
   * The pipeline's source action, when read from an applied pipeline: steps that start the pipeline by uploading
   * app.zip to an S3 source bucket do not apply to a pipeline whose source is another provider (CodeCommit).
   */
  source?: { provider: string; stage: string; action: string };
  /** The ExternalId the action role's trust policy requires, if any. */
  externalId?: string;
  /**
   * Every cross-account deploy action of the pipeline, in stage order; the first is the one the fields above
   * describe (a step changing those fields changes that target).
   */
  targets: HandoffTarget[];
  /**
   * Who writes the artifact the deploy actions read, when read from an applied pipeline: the writer of the first
   * reading target's input (a source action's role, a CodeBuild project's service role, or the pipeline role).
   * Unset (the reference names) means the pipeline role, as on the reference setup.
   */
  writer?: ArtifactWriter;
  /**
   * The action roles in another account than the pipeline's, in the order the pipeline declares them (its source
   * action's role first, where it has one), when read from an applied pipeline. CodePipeline checks that the
   * pipeline role may assume each action role in that order when the pipeline is declared, and names the first
   * it cannot (harness/services/codepipeline/validate-references.ts).
   */
  crossAccountRoles?: string[];
  /**
   * The names describe a setup that is not xacct's reference one (`--stacks`, a world built by hand): the deploy steps
   * deploy a template that creates nothing, since what the user's template creates is the user's.
   */
  userSetup?: boolean;
}

export function handoffNames(o: ReferenceSetupOptions, key: { arn: string; id: string } = { arn: '', id: '' }): HandoffNames {
  const arns = referenceArns(o);
  const target = { targetAccount: o.targetAccount, actionRoleArn: arns.actionRole, deployRoleArn: arns.deployRole, stackName: o.names.cfnStackName, deployBucket: o.names.deployBucket };
  return {
    options: o,
    pipelineAccount: o.pipelineAccount,
    targetAccount: o.targetAccount,
    region: o.region,
    artifactBucket: o.names.artifactBucket,
    sourceBucket: o.names.sourceBucket,
    deployBucket: o.names.deployBucket,
    keyAlias: o.names.keyAlias,
    keyAliasArn: arns.keyAlias,
    keyArn: key.arn,
    keyId: key.id,
    pipelineRoleArn: arns.pipelineRole,
    actionRoleArn: arns.actionRole,
    deployRoleArn: arns.deployRole,
    pipelineName: o.names.pipeline,
    stackName: o.names.cfnStackName,
    sourceObjectKey: o.names.sourceObjectKey,
    externalId: o.grants.actionRoleExternalId === false ? undefined : o.grants.actionRoleExternalId,
    targets: [
      { ...target, provider: 'CloudFormation' },
      { ...target, provider: 'S3' },
    ],
  };
}
