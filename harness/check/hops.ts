/**
 * The hops a pipeline's run makes, derived from its definition as CodePipeline runs it:
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html
 * - CodePipeline (codepipeline.amazonaws.com) assumes the pipeline role;
 * - for each action with a roleArn, the pipeline role's session assumes it (its session acts for the action; without
 *   one, the pipeline role's session does);
 * - a Source/S3 action reads its object; every action reads its input artifacts from the artifact store and writes
 *   its output artifacts there, SSE-KMS with the store's key (or the account's aws/s3 key when the store names none);
 * - a CloudFormation action passes its RoleArn to CloudFormation (iam:PassRole and the same-account rule, answered
 *   by CreateStack), and CloudFormation (cloudformation.amazonaws.com) assumes that role;
 * - an S3 deploy action writes into its bucket;
 * - a CodeCommit source reads its branch (GetBranch, GetCommit, UploadArchive, GetUploadArchiveStatus) as the
 *   action's principal; a CodeStar connection source uses its connection (UseConnection);
 * - a CodeBuild action starts a build as the action's principal; CodeBuild (codebuild.amazonaws.com) assumes the
 *   project's service role, which reads the inputs and writes the outputs with the project's key (or aws/s3).
 * https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-role.html
 * - once a CloudFormation action has run, CloudFormation reads its template's SSM-typed parameters as the stack's
 *   role (ssm:GetParameters; the template is the one the action last deployed, deployed-templates.ts).
 * Known deviations: the permissions the CloudFormation role needs for the template's own resources are not hops
 * (the template is only known when the pipeline runs); actions in other Regions are checked in the pipeline's Region.
 */
import type { ActionDeclaration, ArtifactStore, PipelineDeclaration } from '@aws-sdk/client-codepipeline';
import type { HopKind, HopPlan } from './types.js';

const ACCOUNT_OF_ARN = /^arn:aws[\w-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/;

export function accountOfArn(arn: string | undefined): string | undefined {
  return arn ? ACCOUNT_OF_ARN.exec(arn)?.[1] : undefined;
}

/** What a hop does, beside what it is: the parameters its run needs. */
export type HopAct =
  /** `source`: the resource the service acts for (aws:SourceArn, aws:SourceAccount of its AssumeRole). */
  | { kind: 'service-assumes-role'; service: string; roleArn: string; source?: { arn: string; account: string } }
  | { kind: 'assume-role'; by: string; roleArn: string }
  | { kind: 'read-source'; as: string; bucket: string; key: string }
  | { kind: 'write-artifact'; as: string; artifact: string; store: ArtifactStore; kmsKeyId?: string }
  | { kind: 'read-artifact'; as: string; artifact: string }
  /** The deploy action's own call: its stack (and change set), by its ActionMode (CHANGE_SET_REPLACE makes a change set). */
  | { kind: 'pass-role'; as: string; roleArn: string; stackName?: string; changeSet?: { name: string } }
  | { kind: 'deploy-write'; as: string; bucket: string; key: string; kmsKeyArn?: string }
  | { kind: 'read-repository'; as: string; repository: string; branch: string }
  | { kind: 'use-connection'; as: string; connectionArn: string; repository: string; branch: string }
  | { kind: 'start-build'; as: string; project: string }
  | { kind: 'start-pipeline'; as: string; pipeline: string; account: string }
  | { kind: 'put-events'; as: string; busArn: string }
  /** CloudFormation resolving a template's SSM-typed parameters (ssm:GetParameters) as the stack's role. */
  | { kind: 'read-parameters'; as: string; names: string[] };

export interface Hop {
  plan: HopPlan;
  act: HopAct;
  /** Hops whose success this one needs (the session it acts as, the artifact it reads). */
  needs: string[];
}

export interface PipelineRef {
  account: string;
  declaration: PipelineDeclaration;
}

/** A CodeBuild project as BatchGetProjects describes it: what its builds act as and encrypt with. */
export interface ProjectInfo {
  serviceRole: string;
  encryptionKey?: string;
}

/** What the hops need that the pipeline's definition does not say, looked up in the world beforehand. */
export interface HopLookups {
  /** The project named in `account`, if it exists. */
  project(account: string, name: string): ProjectInfo | undefined;
  /**
   * The Parameter Store names a CloudFormation action's template resolves (its SSM-typed parameters), where the
   * template is known: the one the action last deployed, read from the pipeline's artifact store.
   */
  ssmParameters?(pipelineAccount: string, pipeline: string, stage: string, action: string): string[] | undefined;
}

/** The pipeline's artifact store in its Region (the single store, or the regional one). */
export function storeOf(p: PipelineDeclaration, region: string): ArtifactStore | undefined {
  return p.artifactStore ?? p.artifactStores?.[region] ?? Object.values(p.artifactStores ?? {})[0];
}

/** The key an artifact store encrypts with: its key, or the account's `aws/s3` key (CodePipeline's default). */
export function storeKey(store: ArtifactStore | undefined): string {
  return store?.encryptionKey?.id ?? 'alias/aws/s3';
}

export const SERVICE_OF = {
  codepipeline: 'codepipeline.amazonaws.com',
  cloudformation: 'cloudformation.amazonaws.com',
  codebuild: 'codebuild.amazonaws.com',
  events: 'events.amazonaws.com',
} as const;

export class HopList {
  readonly hops: Hop[] = [];

  constructor(private readonly ref: PipelineRef) {}

  get pipelineAccount(): string {
    return this.ref.account;
  }

  get pipelineName(): string {
    return this.ref.declaration.name!;
  }

  add(kind: HopKind, where: { stage?: string; action?: string }, what: string, title: string, act: HopAct, parts: Omit<HopPlan, 'id' | 'kind' | 'title' | 'pipeline' | 'pipelineAccount'>, needs: string[]): string {
    const name = this.ref.declaration.name!;
    const id = [this.ref.account, name, where.stage, where.action, what].filter(Boolean).join('/');
    this.hops.push({ plan: { id, kind, title, pipeline: name, pipelineAccount: this.ref.account, ...where, ...parts }, act, needs });
    return id;
  }
}

/** Every hop of one pipeline, in the order its run makes them. */
export function pipelineHops(ref: PipelineRef, region: string, lookups: HopLookups): Hop[] {
  const p = ref.declaration;
  const list = new HopList(ref);
  const store = storeOf(p, region);
  const pipelineRole = p.roleArn!;
  const assumePipeline = list.add(
    'service-assumes-role',
    {},
    'assume-pipeline-role',
    'CodePipeline assumes the pipeline role',
    { kind: 'service-assumes-role', service: SERVICE_OF.codepipeline, roleArn: pipelineRole, source: { arn: `arn:aws:codepipeline:${region}:${ref.account}:${p.name}`, account: ref.account } },
    { principal: SERVICE_OF.codepipeline, resource: pipelineRole, resourceAccount: accountOfArn(pipelineRole) },
    [],
  );
  /** The hop that wrote each artifact, by name. */
  const writers = new Map<string, string>();
  for (const stage of p.stages ?? []) {
    for (const action of stage.actions ?? []) {
      const where = { stage: stage.name, action: action.name };
      const actor = actorOf(action, pipelineRole);
      let actorHop = assumePipeline;
      if (action.roleArn) {
        actorHop = list.add(
          'assume-role',
          where,
          'assume-action-role',
          `The pipeline role assumes the action role of ${action.name}`,
          { kind: 'assume-role', by: pipelineRole, roleArn: action.roleArn },
          { principal: pipelineRole, principalAccount: accountOfArn(pipelineRole), resource: action.roleArn, resourceAccount: accountOfArn(action.roleArn) },
          [assumePipeline],
        );
      }
      // A CodeBuild action's build does the reading and writing, as the project's service role.
      const build = codeBuildOf(list, where, action, actor, actorHop, lookups, region);
      const mover = build?.serviceRole ?? actor;
      const moverHop = build?.assumeHop ?? actorHop;
      const as = { principal: mover, principalAccount: accountOfArn(mover) };
      const reads: string[] = [];
      for (const input of action.inputArtifacts ?? []) {
        const writer = writers.get(input.name!);
        reads.push(
          list.add(
            'read-artifact',
            where,
            `read-artifact/${input.name}`,
            `${action.name} reads the artifact ${input.name} (S3 decrypts it through KMS as the reader)`,
            { kind: 'read-artifact', as: mover, artifact: input.name! },
            { ...as, resource: `arn:aws:s3:::${store?.location}/${p.name!.slice(0, 20)}/${input.name!.slice(0, 20)}/*`, key: storeKey(store) },
            [moverHop, ...(writer ? [writer] : [])],
          ),
        );
      }
      const actorAs = { principal: actor, principalAccount: accountOfArn(actor) };
      const done = [moverHop, ...reads, ...(build?.hops ?? []), ...actionHops(list, where, action, actor, actorAs, actorHop, region, lookups)];
      const outputKey = build ? (build.encryptionKey ?? 'alias/aws/s3') : storeKey(store);
      for (const output of action.outputArtifacts ?? []) {
        writers.set(
          output.name!,
          list.add(
            'write-artifact',
            where,
            `write-artifact/${output.name}`,
            `${action.name} writes the artifact ${output.name} to the artifact store, encrypted with ${outputKey}`,
            { kind: 'write-artifact', as: mover, artifact: output.name!, store: store ?? ({} as ArtifactStore), ...(build ? { kmsKeyId: build.encryptionKey ?? 'alias/aws/s3' } : {}) },
            { ...as, resource: `arn:aws:s3:::${store?.location}/${p.name!.slice(0, 20)}/${output.name!.slice(0, 20)}/*`, key: outputKey },
            done,
          ),
        );
      }
    }
  }
  return list.hops;
}

/** The principal an action acts as: its roleArn (assumed by the pipeline role's session), else the pipeline role. */
export function actorOf(action: ActionDeclaration, pipelineRole: string): string {
  return action.roleArn ?? pipelineRole;
}

/**
 * The CodeBuild project a CodeBuild action builds, in its actor's account, with the project as the lookups describe
 * it (undefined `project` when it does not exist); undefined for other actions.
 */
export function codeBuildProjectOf(action: ActionDeclaration, actor: string, lookups: HopLookups): { account: string; name: string; project?: ProjectInfo } | undefined {
  const name = action.configuration?.['ProjectName'];
  if (action.actionTypeId?.provider !== 'CodeBuild' || !name) return undefined;
  const account = accountOfArn(actor)!;
  return { account, name, project: lookups.project(account, name) };
}

/** A project as BatchGetProjects returns it, as the hops need it: a project without a key uses aws/s3 (undefined key). */
export function projectInfoOf(p: { serviceRole?: string; encryptionKey?: string }): ProjectInfo {
  // A project without a key encrypts with the account's aws/s3 key, which CodeBuild names alias/aws/s3.
  const key = p.encryptionKey && p.encryptionKey !== 'alias/aws/s3' ? p.encryptionKey : undefined;
  return { serviceRole: p.serviceRole!, ...(key ? { encryptionKey: key } : {}) };
}

/** Who writes an artifact to the artifact store, as the hops derive it (the mover of the action that outputs it). */
export type ArtifactWriter = {
  stage: string;
  action: string;
  /** The role whose session makes the PutObject. */
  roleArn: string;
} & (
  /** The pipeline role (an action without roleArn): writes with the store's key. */
  | { kind: 'pipeline-role' }
  /** An action's roleArn, assumed by the pipeline role's session: writes with the store's key. */
  | { kind: 'action-role' }
  /** A CodeBuild action's build: codebuild.amazonaws.com assumes the project's service role, which writes with the project's key (undefined: aws/s3). */
  | { kind: 'codebuild'; project: string; kmsKeyId?: string }
);

/**
 * The writer of each output artifact of a pipeline, by artifact name: what pipelineHops's write-artifact hops act as
 * (an action's actor, or its CodeBuild project's service role when the project exists).
 */
export function artifactWriters(p: PipelineDeclaration, lookups: HopLookups): Map<string, ArtifactWriter> {
  const writers = new Map<string, ArtifactWriter>();
  const pipelineRole = p.roleArn!;
  for (const stage of p.stages ?? []) {
    for (const action of stage.actions ?? []) {
      const where = { stage: stage.name ?? '', action: action.name ?? '' };
      const actor = actorOf(action, pipelineRole);
      const project = codeBuildProjectOf(action, actor, lookups);
      const writer: ArtifactWriter = project?.project
        ? { ...where, kind: 'codebuild', roleArn: project.project.serviceRole, project: project.name, ...(project.project.encryptionKey ? { kmsKeyId: project.project.encryptionKey } : {}) }
        : { ...where, kind: action.roleArn ? 'action-role' : 'pipeline-role', roleArn: actor };
      for (const output of action.outputArtifacts ?? []) writers.set(output.name!, writer);
    }
  }
  return writers;
}

/**
 * A CodeBuild action's own hops: the action's principal starts the build, CodeBuild assumes the project's service
 * role. Undefined for other actions, or when the project does not exist (the action then fails as AWS fails it, a
 * hop of its own: StartBuild is made and refused).
 */
function codeBuildOf(
  list: HopList,
  where: { stage?: string; action?: string },
  action: ActionDeclaration,
  actor: string,
  actorHop: string,
  lookups: HopLookups,
  region: string,
): { serviceRole: string; encryptionKey?: string; assumeHop: string; hops: string[] } | undefined {
  const ref = codeBuildProjectOf(action, actor, lookups);
  if (!ref) return undefined;
  const { account, name } = ref;
  const start = list.add(
    'start-build',
    where,
    'start-build',
    `${action.name} starts a build of the CodeBuild project ${name}`,
    { kind: 'start-build', as: actor, project: name },
    { principal: actor, principalAccount: account, resource: `arn:aws:codebuild:${region}:${account}:project/${name}`, resourceAccount: account },
    [actorHop],
  );
  const project = ref.project;
  if (!project) return undefined;
  const assumeHop = list.add(
    'service-assumes-role',
    where,
    'codebuild-assumes-role',
    `CodeBuild assumes the service role of ${name}`,
    { kind: 'service-assumes-role', service: SERVICE_OF.codebuild, roleArn: project.serviceRole, source: { arn: `arn:aws:codebuild:${region}:${account}:project/${name}`, account } },
    { principal: SERVICE_OF.codebuild, resource: project.serviceRole, resourceAccount: accountOfArn(project.serviceRole) },
    [start],
  );
  return { serviceRole: project.serviceRole, encryptionKey: project.encryptionKey, assumeHop, hops: [start] };
}

/** The hops particular to an action's provider, beside reading its inputs and writing its outputs. */
function actionHops(
  list: HopList,
  where: { stage?: string; action?: string },
  action: ActionDeclaration,
  actor: string,
  as: { principal: string; principalAccount?: string },
  actorHop: string,
  region: string,
  lookups?: HopLookups,
): string[] {
  const type = action.actionTypeId;
  const config = action.configuration ?? {};
  if (type?.category === 'Source' && type.provider === 'S3' && config['S3Bucket'] && config['S3ObjectKey']) {
    const { S3Bucket: bucket, S3ObjectKey: key } = config as { S3Bucket: string; S3ObjectKey: string };
    return [
      list.add('read-source', where, 'read-source', `${action.name} reads its source s3://${bucket}/${key}`, { kind: 'read-source', as: actor, bucket, key }, { ...as, resource: `arn:aws:s3:::${bucket}/${key}` }, [actorHop]),
    ];
  }
  if (type?.category === 'Source' && type.provider === 'CodeCommit' && config['RepositoryName'] && config['BranchName']) {
    const { RepositoryName: repository, BranchName: branch } = config as { RepositoryName: string; BranchName: string };
    const account = as.principalAccount ?? '';
    return [
      list.add(
        'read-source',
        where,
        'read-repository',
        `${action.name} reads the branch ${branch} of the CodeCommit repository ${repository} (GetBranch, GetCommit, UploadArchive)`,
        { kind: 'read-repository', as: actor, repository, branch },
        { ...as, resource: `arn:aws:codecommit:${region}:${account}:${repository}`, resourceAccount: account },
        [actorHop],
      ),
    ];
  }
  if (type?.category === 'Source' && type.provider === 'CodeStarSourceConnection' && config['ConnectionArn']) {
    const connectionArn = config['ConnectionArn'];
    return [
      list.add(
        'read-source',
        where,
        'use-connection',
        `${action.name} uses the connection ${connectionArn}`,
        { kind: 'use-connection', as: actor, connectionArn, repository: config['FullRepositoryId'] ?? '', branch: config['BranchName'] ?? '' },
        { ...as, resource: connectionArn, resourceAccount: accountOfArn(connectionArn) },
        [actorHop],
      ),
    ];
  }
  if (type?.category === 'Deploy' && type.provider === 'CloudFormation' && config['RoleArn']) {
    const roleArn = config['RoleArn'];
    const pass = list.add(
      'pass-role',
      where,
      'pass-role',
      `${action.name} passes ${roleArn} to CloudFormation (iam:PassRole, same account)`,
      {
        kind: 'pass-role',
        as: actor,
        roleArn,
        // An execute action's stack holds the change set its replace action made (REVIEW_IN_PROGRESS before the first
        // execution): its pass is probed on a stack of check's own, as before.
        ...(config['StackName'] && config['ActionMode'] !== 'CHANGE_SET_EXECUTE' ? { stackName: config['StackName'] } : {}),
        ...(config['ActionMode'] === 'CHANGE_SET_REPLACE' ? { changeSet: { name: config['ChangeSetName'] ?? 'xacct-check' } } : {}),
      },
      { ...as, resource: roleArn, resourceAccount: accountOfArn(roleArn) },
      [actorHop],
    );
    const assume = list.add(
      'service-assumes-role',
      where,
      'cloudformation-assumes-role',
      `CloudFormation assumes ${roleArn}`,
      { kind: 'service-assumes-role', service: SERVICE_OF.cloudformation, roleArn },
      { principal: SERVICE_OF.cloudformation, resource: roleArn, resourceAccount: accountOfArn(roleArn) },
      [],
    );
    // The template's SSM-typed parameters (CDK's BootstrapVersion), which CloudFormation reads as the stack's role when
    // the template is known (aws-samples/aws-cross-account-cicd-pipeline#38).
    const names = lookups?.ssmParameters?.(list.pipelineAccount, list.pipelineName, where.stage ?? '', where.action ?? '') ?? [];
    if (names.length === 0) return [pass, assume];
    const roleAccount = accountOfArn(roleArn);
    const read = list.add(
      'read-parameters',
      where,
      'read-parameters',
      `CloudFormation reads the template's SSM parameters ${names.join(', ')} as ${roleArn} (ssm:GetParameters)`,
      { kind: 'read-parameters', as: roleArn, names },
      { principal: roleArn, principalAccount: roleAccount, resource: `arn:aws:ssm:${region}:${roleAccount}:parameter/${names[0]!.replace(/^\//, '')}`, resourceAccount: roleAccount },
      [assume],
    );
    return [pass, assume, read];
  }
  if (type?.category === 'Deploy' && type.provider === 'S3' && config['BucketName']) {
    const bucket = config['BucketName'];
    const key = config['ObjectKey'] ? `${config['ObjectKey'].replace(/\/+$/, '')}/xacct-check` : 'xacct-check';
    return [
      list.add(
        'deploy-write',
        where,
        'deploy-write',
        `${action.name} writes into s3://${bucket}`,
        { kind: 'deploy-write', as: actor, bucket, key, kmsKeyArn: config['KMSEncryptionKeyARN'] },
        { ...as, resource: `arn:aws:s3:::${bucket}/${key}`, key: config['KMSEncryptionKeyARN'] },
        [actorHop],
      ),
    ];
  }
  return [];
}
