/**
 * Reads the hand-off's names from what was applied: the pipeline's definition (GetPipeline) says which role
 * CodePipeline uses, the artifact store and its key, the source bucket, the action role, the CloudFormation role
 * and stack, and the deploy bucket. So the hand-off steps work on a user's own stacks, not only on the bundled
 * reference setup; values the pipeline does not state keep the reference defaults.
 */
import { CodePipelineClient, GetPipelineCommand, type ActionDeclaration } from '@aws-sdk/client-codepipeline';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import type { ReferenceSetupOptions } from '../../stacks/options.js';
import type { ApplyResult } from '../apply/types.js';
import { handoffNames, type HandoffNames } from './names.js';
import type { BackendWorld } from './scenario.js';

const ACCOUNT_OF_ARN = /^arn:aws:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/;

async function describeKey(world: BackendWorld, account: string, keyId: string): Promise<{ arn: string; id: string }> {
  try {
    const out = await new KMSClient(world.clientConfig(account)).send(new DescribeKeyCommand({ KeyId: keyId }));
    return { arn: out.KeyMetadata?.Arn ?? '', id: out.KeyMetadata?.KeyId ?? '' };
  } catch {
    // A setup without the customer-managed key (the aws/s3 variant) has nothing to describe.
    return { arn: '', id: '' };
  }
}

function firstAction(actions: ActionDeclaration[], category: string, provider: string): ActionDeclaration | undefined {
  return actions.find((a) => a.actionTypeId?.category === category && a.actionTypeId?.provider === provider);
}

export async function deriveNames(world: BackendWorld, applied: ApplyResult, options: ReferenceSetupOptions): Promise<HandoffNames> {
  const pipelineResource = applied.resources.find((r) => r.type === 'aws_codepipeline');
  const pipelineAccount = pipelineResource?.account ?? options.pipelineAccount;
  const pipelineName = (pipelineResource?.attributes['name'] as string | undefined) ?? options.names.pipeline;
  if (!pipelineResource) {
    return handoffNames(options, await describeKey(world, options.pipelineAccount, options.names.keyAlias));
  }
  const out = await new CodePipelineClient(world.clientConfig(pipelineAccount)).send(new GetPipelineCommand({ name: pipelineName }));
  const p = out.pipeline!;
  const actions = (p.stages ?? []).flatMap((s) => s.actions ?? []);
  const source = firstAction(actions, 'Source', 'S3');
  const cfn = firstAction(actions, 'Deploy', 'CloudFormation');
  const s3deploy = firstAction(actions, 'Deploy', 'S3');
  const actionRoleArn = cfn?.roleArn ?? s3deploy?.roleArn;
  const targetAccount = (actionRoleArn && ACCOUNT_OF_ARN.exec(actionRoleArn)?.[1]) ?? options.targetAccount;
  const keyRef = p.artifactStore?.encryptionKey?.id;
  const key = keyRef ? await describeKey(world, pipelineAccount, keyRef) : { arn: '', id: '' };
  const base = handoffNames({ ...options, pipelineAccount, targetAccount }, key);
  const alias = keyRef?.includes(':alias/') ? keyRef.slice(keyRef.indexOf('alias/')) : keyRef?.startsWith('alias/') ? keyRef : base.keyAlias;
  return {
    ...base,
    pipelineName,
    pipelineRoleArn: p.roleArn ?? base.pipelineRoleArn,
    artifactBucket: p.artifactStore?.location ?? base.artifactBucket,
    sourceBucket: source?.configuration?.['S3Bucket'] ?? base.sourceBucket,
    sourceObjectKey: source?.configuration?.['S3ObjectKey'] ?? base.sourceObjectKey,
    actionRoleArn: actionRoleArn ?? base.actionRoleArn,
    deployRoleArn: cfn?.configuration?.['RoleArn'] ?? base.deployRoleArn,
    stackName: cfn?.configuration?.['StackName'] ?? base.stackName,
    deployBucket: s3deploy?.configuration?.['BucketName'] ?? base.deployBucket,
    keyAlias: alias,
    keyAliasArn: `arn:aws:kms:${base.region}:${pipelineAccount}:${alias}`,
  };
}
