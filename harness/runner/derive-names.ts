/**
 * Reads the hand-off's names from what was applied: the pipeline's definition (GetPipeline) says which role
 * CodePipeline uses, the artifact store and its key, the source bucket, the action role, the CloudFormation role
 * and stack, and the deploy bucket. So the hand-off steps work on a user's own stacks, not only on the bundled
 * reference setup; values the pipeline does not state keep the reference defaults. Every cross-account deploy
 * action (CloudFormation or S3, an action role in another account) is a target, in stage order; the top-level names
 * describe the first of them, and the hand-off steps act for each in turn (a test and a prod stage both tested).
 */
import { BatchGetProjectsCommand, CodeBuildClient } from '@aws-sdk/client-codebuild';
import { CodePipelineClient, GetPipelineCommand, ListPipelinesCommand, type ActionDeclaration, type PipelineDeclaration } from '@aws-sdk/client-codepipeline';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import type { ReferenceSetupOptions } from '../../stacks/options.js';
import type { ApplyResult } from '../apply/types.js';
import { artifactFileRef } from '../services/codepipeline/artifacts.js';
import { accountOfArn, actorOf, artifactWriters, projectInfoOf, type ArtifactWriter, type HopLookups, type ProjectInfo } from '../check/hops.js';
import { handoffNames, type HandoffNames, type HandoffTarget } from './names.js';
import type { BackendWorld } from './scenario.js';


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

/**
 * The names of a world built by hand (`xacct run --no-reset`): the first pipeline of the first account that has one
 * (ListPipelines in each account the world holds), read as deriveNames reads an applied one.
 */
export async function deriveNamesFromWorld(world: BackendWorld, accounts: string[], options: ReferenceSetupOptions): Promise<HandoffNames> {
  for (const account of accounts) {
    const out = await new CodePipelineClient(world.clientConfig(account)).send(new ListPipelinesCommand({}));
    const name = out.pipelines?.[0]?.name;
    if (!name) continue;
    const pipeline = { address: `aws_codepipeline.${name}`, mode: 'managed', type: 'aws_codepipeline', name, provider: 'aws', account, region: world.region, attributes: { name } };
    return deriveNames(world, { resources: [pipeline as unknown as ApplyResult['resources'][number]], data: [], outputs: {} }, options);
  }
  throw new Error(`the world holds no pipeline (ListPipelines in ${accounts.join(', ') || 'no account'}): --no-reset derives the hand-off's names from one`);
}

/**
 * The CodeBuild projects the pipeline's CodeBuild actions build, as BatchGetProjects describes them (as the project
 * account's root), for artifactWriters: the lookups `xacct check` makes, limited to this pipeline's projects.
 */
async function projectLookups(world: BackendWorld, p: PipelineDeclaration): Promise<HopLookups> {
  const projects = new Map<string, ProjectInfo>();
  if (!world.has('codebuild')) return { project: () => undefined };
  for (const action of (p.stages ?? []).flatMap((s) => s.actions ?? [])) {
    const name = action.configuration?.['ProjectName'];
    const account = accountOfArn(actorOf(action, p.roleArn ?? ''));
    if (action.actionTypeId?.provider !== 'CodeBuild' || !name || !account || projects.has(`${account}/${name}`)) continue;
    try {
      const out = await new CodeBuildClient(world.clientConfig(account)).send(new BatchGetProjectsCommand({ names: [name] }));
      const project = out.projects?.[0];
      if (project?.serviceRole) projects.set(`${account}/${name}`, projectInfoOf(project));
    } catch {
      // An account the world cannot answer for: the project is unknown, and its action's actor writes (as check says).
    }
  }
  return { project: (account, name) => projects.get(`${account}/${name}`) };
}

/** The artifact a deploy action reads: its template's artifact (TemplatePath "Artifact::path"), else its first input. */
function inputOf(action: ActionDeclaration): string | undefined {
  const template = action.configuration?.['TemplatePath'];
  const named = template ? artifactFileRef(template).artifact || undefined : undefined;
  const inputs = (action.inputArtifacts ?? []).map((a) => a.name!);
  return named && inputs.includes(named) ? named : inputs[0];
}

function firstOf(deploys: Array<{ action: ActionDeclaration }>, provider: string): ActionDeclaration | undefined {
  return deploys.find((d) => d.action.actionTypeId?.provider === provider)?.action;
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
  const deploys = (p.stages ?? []).flatMap((stage) =>
    (stage.actions ?? [])
      .filter((a) => a.actionTypeId?.category === 'Deploy' && (a.actionTypeId.provider === 'CloudFormation' || a.actionTypeId.provider === 'S3'))
      .map((a) => ({ stage: stage.name, action: a })),
  );
  // The hand-off acts for the cross-account deploy actions (an action role in another account); a pipeline with none
  // keeps its deploy actions as they are, so a same-account pipeline is still stepped through.
  const crossAccount = deploys.filter(({ action }) => {
    const account = accountOfArn(action.roleArn);
    return account && account !== pipelineAccount;
  });
  const source = firstAction(actions, 'Source', 'S3');
  const sourceStage = (p.stages ?? []).find((st) => (st.actions ?? []).some((a) => a.actionTypeId?.category === 'Source'));
  const firstSource = sourceStage?.actions?.find((a) => a.actionTypeId?.category === 'Source');
  const cfn = firstOf(crossAccount, 'CloudFormation') ?? firstAction(actions, 'Deploy', 'CloudFormation');
  const s3deploy = firstOf(crossAccount, 'S3') ?? firstAction(actions, 'Deploy', 'S3');
  const actionRoleArn = cfn?.roleArn ?? s3deploy?.roleArn;
  const targetAccount = accountOfArn(actionRoleArn) ?? options.targetAccount;
  const keyRef = p.artifactStore?.encryptionKey?.id;
  const key = keyRef ? await describeKey(world, pipelineAccount, keyRef) : { arn: '', id: '' };
  const base = handoffNames({ ...options, pipelineAccount, targetAccount }, key);
  const alias = keyRef?.includes(':alias/') ? keyRef.slice(keyRef.indexOf('alias/')) : keyRef?.startsWith('alias/') ? keyRef : base.keyAlias;
  const deployRoleArn = cfn?.configuration?.['RoleArn'] ?? base.deployRoleArn;
  const stackName = cfn?.configuration?.['StackName'] ?? base.stackName;
  const deployBucket = s3deploy?.configuration?.['BucketName'] ?? base.deployBucket;
  const writers = artifactWriters(p, await projectLookups(world, p));
  const writerOf = (action: ActionDeclaration): ArtifactWriter | undefined => {
    const input = inputOf(action);
    return input ? writers.get(input) : undefined;
  };
  const targets: HandoffTarget[] = (crossAccount.length > 0 ? crossAccount : deploys).map(({ stage, action }) => {
    const writer = writerOf(action);
    const roleArn = action.roleArn ?? p.roleArn ?? base.pipelineRoleArn;
    return {
      pipeline: pipelineName,
      stage,
      action: action.name,
      provider: action.actionTypeId!.provider as HandoffTarget['provider'],
      targetAccount: accountOfArn(roleArn) ?? targetAccount,
      actionRoleArn: roleArn,
      deployRoleArn: action.configuration?.['RoleArn'] ?? deployRoleArn,
      stackName: action.configuration?.['StackName'] ?? stackName,
      deployBucket: action.configuration?.['BucketName'] ?? deployBucket,
      mode: action.configuration?.['ActionMode'],
      changeSetName: action.configuration?.['ChangeSetName'],
      readsArtifact: (action.inputArtifacts ?? []).length > 0,
      ...(writer ? { writer } : {}),
    };
  });
  const writer = targets.find((t) => t.readsArtifact !== false && t.writer)?.writer;
  return {
    ...base,
    targets: targets.length > 0 ? targets : base.targets,
    pipelineName,
    pipelineRoleArn: p.roleArn ?? base.pipelineRoleArn,
    artifactBucket: p.artifactStore?.location ?? base.artifactBucket,
    ...(firstSource ? { source: { provider: firstSource.actionTypeId?.provider ?? '?', stage: sourceStage!.name ?? '?', action: firstSource.name ?? '?' } } : {}),
    sourceBucket: source?.configuration?.['S3Bucket'] ?? base.sourceBucket,
    sourceObjectKey: source?.configuration?.['S3ObjectKey'] ?? base.sourceObjectKey,
    actionRoleArn: actionRoleArn ?? base.actionRoleArn,
    deployRoleArn,
    stackName,
    deployBucket,
    keyAlias: alias,
    keyAliasArn: `arn:aws:kms:${base.region}:${pipelineAccount}:${alias}`,
    ...(writer ? { writer } : {}),
    crossAccountRoles: [...new Set(actions.map((a) => a.roleArn).filter((r): r is string => !!r && accountOfArn(r) !== pipelineAccount))],
  };
}
