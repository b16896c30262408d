/**
 * The names a hand-off uses, derived from the reference setup's options (stacks/options.ts) plus what only the
 * applied world knows (the key's ARN).
 */
import { referenceArns, type ReferenceSetupOptions } from '../../stacks/options.js';

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
  /** The ExternalId the action role's trust policy requires, if any. */
  externalId?: string;
}

export function handoffNames(o: ReferenceSetupOptions, key: { arn: string; id: string } = { arn: '', id: '' }): HandoffNames {
  const arns = referenceArns(o);
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
  };
}
