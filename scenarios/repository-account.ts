/**
 * What the repository-account scenarios share (not a scenario file itself: only `*.scenario.ts` files are run): the
 * Japanese seed's pipeline (001_8eb508533f8a66f6.txt) on top of the applied reference setup. The source is a
 * CodeCommit repository in a third account (333333333333); a commit there emits CodeCommit's referenceUpdated event
 * (https://docs.aws.amazon.com/codecommit/latest/userguide/monitoring-events.html) on that account's default bus; a
 * rule there forwards it to the pipeline account's default bus as a role (events:PutEvents, allowed by that bus's
 * policy: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html); a rule in the pipeline
 * account starts the pipeline as a role (codepipeline:StartPipelineExecution:
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-trigger-source-repo-changes-cfn.html). The
 * pipeline's CodeCommit source action runs as the seed's ExternalPipelineExecutionRole in the repository account,
 * which writes the zip into the pipeline's artifact bucket with the pipeline's customer-managed key (the key policy
 * and the bucket policy name the repository account, as the seed's kms-key.yml and pipeline-artifact-store.yml do);
 * then the reference Deploy stage deploys into the target account.
 * The steps read each hop's outcome from EventBridge's delivery log, so the scenarios need a backend that shows it
 * (`needs: ['eventDeliveries']`: the embedded emulator, or `xacct serve` through its admin view of the log); AWS
 * itself shows a refused delivery only as the rule's FailedInvocations metric. (test/e2e-three-accounts.test.ts
 * drives the same path against `xacct serve` with the AWS CLI.) The event-started execution is the one that appeared
 * after the commit, and records the start rule as its trigger (CloudWatchEvent, as AWS records it:
 * https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_ExecutionTrigger.html).
 */
import { CodeCommitClient, CreateCommitCommand, CreateRepositoryCommand, GetBranchCommand, PutFileCommand } from '@aws-sdk/client-codecommit';
import { CodePipelineClient, GetPipelineCommand, UpdatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { EventBridgeClient, PutPermissionCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { GetKeyPolicyCommand, KMSClient, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { GetBucketPolicyCommand, GetObjectCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { handoff, type HandoffNames, type ScenarioSource, type Step, type StepContext, type WorldHandle } from '../harness/runner/index.js';
import type { EventDelivery, Explanation } from '../harness/runner/scenario.js';
import { SITE_FILES, TEMPLATE } from '../harness/runner/artifact.js';
import { roleNameOf } from './sources.js';

export const SEED_001: ScenarioSource = {
  title: 'Practitioner write-up: deploying from CodeCommit in another account with CodePipeline (Japanese)',
  seed: '001_8eb508533f8a66f6.txt',
};

export const EVENTBRIDGE_CROSS_ACCOUNT: ScenarioSource = {
  title: 'Amazon EventBridge User Guide: sending and receiving events between AWS accounts',
  url: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html',
};

export const CODECOMMIT_EVENT_START: ScenarioSource = {
  title: 'AWS CodePipeline User Guide: CodeCommit source actions and EventBridge (the rule starts the pipeline as a role)',
  url: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-trigger-source-repo-changes-cfn.html',
};

export const REPOSITORY_ACCOUNT = '333333333333';
export const REPOSITORY = 'xacct-app';
const BRANCH = 'main';
/** The seed's role in the repository account that the source action runs as. */
export const SOURCE_ROLE = 'external-pipeline-execution-role';
export const FORWARD_ROLE = 'codecommit-event-forwarder';
export const FORWARD_RULE = 'forward-codecommit-changes';
export const START_ROLE = 'start-pipeline-on-commit';
export const START_RULE = 'start-pipeline-on-commit';

export interface RepositoryAccountOptions {
  /** The artifact key's policy names the repository account (the seed's kms-key.yml); off: it does not. */
  keyPolicyRepository?: boolean;
  /** The pipeline account's bus policy lets the repository account put events; off: it does not. */
  busPolicyRepository?: boolean;
  /** The pipeline-starting rule's role may codepipeline:StartPipelineExecution; off: it may only read the pipeline. */
  startRoleStartsPipeline?: boolean;
}

type PolicyDoc = { Version: string; Statement: object[] };
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const trust = (principal: object) => doc({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' });

export const busArn = (n: HandoffNames, account: string) => `arn:aws:events:${n.region}:${account}:event-bus/default`;
const pipelineArn = (n: HandoffNames) => `arn:aws:codepipeline:${n.region}:${n.pipelineAccount}:${n.pipelineName}`;
const repositoryArn = (n: HandoffNames) => `arn:aws:codecommit:${n.region}:${REPOSITORY_ACCOUNT}:${REPOSITORY}`;

/** The event both rules match: a branch of the repository created or moved. */
const pattern = (n: HandoffNames) =>
  JSON.stringify({
    source: ['aws.codecommit'],
    'detail-type': ['CodeCommit Repository State Change'],
    resources: [repositoryArn(n)],
    detail: { event: ['referenceCreated', 'referenceUpdated'], referenceType: ['branch'], referenceName: [BRANCH] },
  });

/** Adds statements to a resource policy as a user edits it: read, append, write back. */
async function appendStatements(read: () => Promise<string>, write: (policy: string) => Promise<unknown>, ...statements: object[]): Promise<void> {
  const policy = JSON.parse(await read()) as PolicyDoc;
  policy.Statement.push(...statements);
  await write(JSON.stringify(policy));
}

/** Whether a policy's Allow statements name the repository account itself (its root, or its id) as a principal. */
function namesRepositoryAccount(policy: string): boolean {
  const statements = ([] as Array<{ Effect?: string; Principal?: { AWS?: string | string[] } }>).concat((JSON.parse(policy) as { Statement: never }).Statement);
  return statements.some((st) => st.Effect === 'Allow' && [st.Principal?.AWS ?? []].flat().some((p) => p === REPOSITORY_ACCOUNT || p === `arn:aws:iam::${REPOSITORY_ACCOUNT}:root`));
}

/** The pipeline account's side: key and bucket policies, the pipeline role, the bus policy, the rule starting the pipeline. */
async function preparePipelineAccount(world: WorldHandle, o: RepositoryAccountOptions): Promise<void> {
  const n = world.names;
  const config = world.clientConfig(n.pipelineAccount);
  const repoRoot = `arn:aws:iam::${REPOSITORY_ACCOUNT}:root`;
  const kms = new KMSClient(config);
  const keyPolicy = async () => (await kms.send(new GetKeyPolicyCommand({ KeyId: n.keyArn, PolicyName: 'default' }))).Policy!;
  // A setup whose own accounts include the repository account's id (a four-account rollout whose test account is
  // 333333333333) already names it in the key policy: the variant without the statement does not exist there.
  if (o.keyPolicyRepository === false && namesRepositoryAccount(await keyPolicy())) {
    throw new handoff.NotApplicable(`the artifact key's policy already names ${REPOSITORY_ACCOUNT}, an account of the setup itself: it has no statement for the repository account to leave out`);
  }
  if (o.keyPolicyRepository !== false) {
    await appendStatements(
      keyPolicy,
      (Policy) => kms.send(new PutKeyPolicyCommand({ KeyId: n.keyArn, PolicyName: 'default', Policy })),
      { Sid: 'RepositoryAccountUsesKey', Effect: 'Allow', Principal: { AWS: repoRoot }, Action: ['kms:DescribeKey', 'kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext'], Resource: '*' },
    );
  }
  const s3 = new S3Client(config);
  await appendStatements(
    async () => (await s3.send(new GetBucketPolicyCommand({ Bucket: n.artifactBucket }))).Policy!,
    (Policy) => s3.send(new PutBucketPolicyCommand({ Bucket: n.artifactBucket, Policy })),
    { Sid: 'RepositoryAccountObjects', Effect: 'Allow', Principal: { AWS: repoRoot }, Action: ['s3:Get*', 's3:Put*'], Resource: `arn:aws:s3:::${n.artifactBucket}/*` },
    { Sid: 'RepositoryAccountList', Effect: 'Allow', Principal: { AWS: repoRoot }, Action: 's3:ListBucket', Resource: `arn:aws:s3:::${n.artifactBucket}` },
  );
  const iam = new IAMClient(config);
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: roleNameOf(n.pipelineRoleArn),
      PolicyName: 'assume-repository-roles',
      PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${REPOSITORY_ACCOUNT}:role/*` }),
    }),
  );
  await iam.send(new CreateRoleCommand({ RoleName: START_ROLE, AssumeRolePolicyDocument: trust({ Service: 'events.amazonaws.com' }) }));
  const startAction = o.startRoleStartsPipeline === false ? 'codepipeline:GetPipeline' : 'codepipeline:StartPipelineExecution';
  await iam.send(new PutRolePolicyCommand({ RoleName: START_ROLE, PolicyName: 'start-pipeline', PolicyDocument: doc({ Effect: 'Allow', Action: startAction, Resource: pipelineArn(n) }) }));
  const events = new EventBridgeClient(config);
  if (o.busPolicyRepository !== false) await events.send(new PutPermissionCommand({ Action: 'events:PutEvents', Principal: REPOSITORY_ACCOUNT, StatementId: 'repository-account' }));
  await events.send(new PutRuleCommand({ Name: START_RULE, EventPattern: pattern(n) }));
  await events.send(new PutTargetsCommand({ Rule: START_RULE, Targets: [{ Id: 'pipeline', Arn: pipelineArn(n), RoleArn: `arn:aws:iam::${n.pipelineAccount}:role/${START_ROLE}` }] }));
}

/** The repository account's side: the repository with the app's files, the source action's role, the forwarding rule. */
async function prepareRepositoryAccount(world: WorldHandle): Promise<void> {
  const n = world.names;
  const config = world.clientConfig(REPOSITORY_ACCOUNT);
  const cc = new CodeCommitClient(config);
  await cc.send(new CreateRepositoryCommand({ repositoryName: REPOSITORY }));
  const files = { 'template.yaml': TEMPLATE, ...SITE_FILES };
  // Committed before the rules exist, as the repository predates the pipeline: only the scenario's commit is forwarded.
  await cc.send(
    new CreateCommitCommand({
      repositoryName: REPOSITORY,
      branchName: BRANCH,
      commitMessage: 'the app',
      putFiles: Object.entries(files).map(([filePath, body]) => ({ filePath, fileContent: new TextEncoder().encode(body) })),
    }),
  );
  const iam = new IAMClient(config);
  await iam.send(new CreateRoleCommand({ RoleName: SOURCE_ROLE, AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${n.pipelineAccount}:root` }) }));
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: SOURCE_ROLE,
      PolicyName: 'source',
      PolicyDocument: doc(
        { Effect: 'Allow', Action: ['s3:PutObject', 's3:PutObjectAcl'], Resource: `arn:aws:s3:::${n.artifactBucket}/*` },
        { Effect: 'Allow', Action: ['kms:DescribeKey', 'kms:GenerateDataKey*', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:Decrypt'], Resource: n.keyArn },
        { Effect: 'Allow', Action: ['codecommit:GetBranch', 'codecommit:GetCommit', 'codecommit:UploadArchive', 'codecommit:GetUploadArchiveStatus', 'codecommit:CancelUploadArchive'], Resource: repositoryArn(n) },
      ),
    }),
  );
  await iam.send(new CreateRoleCommand({ RoleName: FORWARD_ROLE, AssumeRolePolicyDocument: trust({ Service: 'events.amazonaws.com' }) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: FORWARD_ROLE, PolicyName: 'put-events', PolicyDocument: doc({ Effect: 'Allow', Action: 'events:PutEvents', Resource: busArn(n, n.pipelineAccount) }) }));
  const events = new EventBridgeClient(config);
  await events.send(new PutRuleCommand({ Name: FORWARD_RULE, EventPattern: pattern(n) }));
  await events.send(
    new PutTargetsCommand({ Rule: FORWARD_RULE, Targets: [{ Id: 'pipeline-account', Arn: busArn(n, n.pipelineAccount), RoleArn: `arn:aws:iam::${REPOSITORY_ACCOUNT}:role/${FORWARD_ROLE}` }] }),
  );
}

/** The reference pipeline's S3 source replaced by the CodeCommit source in the repository account (the seed's Source action). */
async function useCodeCommitSource(world: WorldHandle): Promise<void> {
  const n = world.names;
  const cp = new CodePipelineClient(world.clientConfig(n.pipelineAccount));
  const pipeline = (await cp.send(new GetPipelineCommand({ name: n.pipelineName }))).pipeline!;
  const [source, ...rest] = pipeline.stages!;
  const action = source!.actions![0]!;
  pipeline.stages = [
    {
      name: source!.name,
      actions: [
        {
          name: action.name,
          actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
          configuration: { RepositoryName: REPOSITORY, BranchName: BRANCH, PollForSourceChanges: 'false', OutputArtifactFormat: 'CODE_ZIP' },
          outputArtifacts: action.outputArtifacts,
          roleArn: `arn:aws:iam::${REPOSITORY_ACCOUNT}:role/${SOURCE_ROLE}`,
          runOrder: 1,
        },
      ],
    },
    ...rest,
  ];
  delete pipeline.version;
  await cp.send(new UpdatePipelineCommand({ pipeline }));
}

export async function prepareRepositoryAccountSource(world: WorldHandle, o: RepositoryAccountOptions = {}): Promise<void> {
  await prepareRepositoryAccount(world);
  await preparePipelineAccount(world, o);
  await useCodeCommitSource(world);
}

const committedPage = () => SITE_FILES['index.html']!.replace('</h1>', ' (from the repository account)</h1>');

const commit: Step = {
  id: 'commit',
  title: 'A developer commits to the repository in the repository account (CodeCommit emits referenceUpdated)',
  principal: () => `arn:aws:iam::${REPOSITORY_ACCOUNT}:root`,
  async run(ctx) {
    ctx.state.set('executions-before', (await handoff.pipelineExecutions(ctx)).map((e) => e.pipelineExecutionId!));
    ctx.state.set('deliveries-before', (await ctx.world.eventDeliveries?.())?.length ?? 0);
    const cc = new CodeCommitClient(ctx.world.clientConfig(REPOSITORY_ACCOUNT));
    const head = (await cc.send(new GetBranchCommand({ repositoryName: REPOSITORY, branchName: BRANCH }))).branch!.commitId!;
    await cc.send(
      new PutFileCommand({ repositoryName: REPOSITORY, branchName: BRANCH, parentCommitId: head, filePath: 'index.html', fileContent: new TextEncoder().encode(committedPage()), commitMessage: 'a change' }),
    );
  },
};

/** The deliveries the rule made since the commit; undefined where the backend does not show them. */
async function deliveriesOf(ctx: StepContext, account: string, rule: string): Promise<EventDelivery[] | undefined> {
  if (!ctx.world.eventDeliveries) return undefined;
  const ruleArn = `arn:aws:events:${ctx.names.region}:${account}:rule/${rule}`;
  const since = ctx.state.get('deliveries-before') as number;
  return (await ctx.world.eventDeliveries()).slice(since).filter((d) => d.rule === ruleArn);
}

/**
 * A rule's hop: delivered, or fails with the refused call's error (EventBridge's log), explained by the denial
 * recorded under the delivery's id. AWS shows none of this to the user: the note says where they would look.
 */
function ruleHop(id: string, title: string, account: (n: HandoffNames) => string, rule: string, role: string): Step {
  return {
    id,
    title,
    principal: (n) => `arn:aws:iam::${account(n)}:role/${role} (assumed by events.amazonaws.com for rule ${rule})`,
    async run(ctx) {
      const deliveries = await deliveriesOf(ctx, account(ctx.names), rule);
      // The scenarios need 'eventDeliveries': the runner does not run them where the log cannot be read.
      if (!deliveries) throw new Error("this backend does not show EventBridge's deliveries");
      const [delivery] = deliveries;
      if (!delivery) throw new Error(`rule ${rule} delivered nothing after the commit (did its pattern match CodeCommit's event?)`);
      if (delivery.requestId) ctx.state.set(`${id}-request`, delivery.requestId);
      if (delivery.outcome === 'delivered') return;
      if (!delivery.error) throw new Error(delivery.explanation ?? `rule ${rule}: ${delivery.outcome}`);
      const recorded = delivery.requestId ? await ctx.world.explain(delivery.requestId) : undefined;
      const explanation: Explanation = recorded ?? { decision: 'failed', explanation: delivery.explanation ?? '' };
      throw new handoff.StepFailure(delivery.error.code, delivery.error.status, delivery.error.message, explanation);
    },
  };
}

export const forwardEvent = ruleHop(
  'forward-event',
  "The repository account's rule forwards CodeCommit's event to the pipeline account's bus (events:PutEvents)",
  () => REPOSITORY_ACCOUNT,
  FORWARD_RULE,
  FORWARD_ROLE,
);

export const startPipeline = ruleHop(
  'start-pipeline',
  "The pipeline account's rule starts the pipeline (codepipeline:StartPipelineExecution)",
  (n) => n.pipelineAccount,
  START_RULE,
  START_ROLE,
);

/** The execution the event started runs: the CodeCommit source as the repository account's role, then the deploys. */
export const runStartedExecution: Step = {
  id: 'run-pipeline',
  title: 'The execution the event started runs: CodeCommit source as the repository account role, then the cross-account deploys',
  principal: () => `arn:aws:iam::${REPOSITORY_ACCOUNT}:role/${SOURCE_ROLE} (source), then the action role`,
  async run(ctx) {
    const before = new Set(ctx.state.get('executions-before') as string[]);
    const started = await handoff.executionStartedSince(ctx, before, `rule ${START_RULE} targets the pipeline`);
    const rule = `arn:aws:events:${ctx.names.region}:${ctx.names.pipelineAccount}:rule/${START_RULE}`;
    if (started.trigger?.triggerType !== 'CloudWatchEvent' || started.trigger.triggerDetail !== rule) {
      throw new Error(`the execution after the commit was not started by ${rule}: its trigger is ${JSON.stringify(started.trigger)}`);
    }
    const id = started.pipelineExecutionId!;
    await handoff.awaitExecution(ctx, id, { explainUnder: ctx.state.get('start-pipeline-request') as string | undefined });
  },
};

/** The commit's change is what the target account now serves (the S3 deploy extracted the commit's zip). */
const deployedCommit: Step = {
  id: 'deployed-commit',
  title: "The target account's deploy bucket holds the committed change",
  principal: (n) => `arn:aws:iam::${n.targetAccount}:root`,
  async run(ctx) {
    // The pipeline's S3 deploy action's bucket. A pipeline without one (CloudFormation deploys only) deployed the
    // commit when its execution succeeded: there is no page to compare.
    let target: ReturnType<typeof handoff.targetsOf>[number];
    try {
      target = handoff.targetsOf(ctx.names, 'S3')[0]!;
    } catch (e) {
      if (!handoff.isNotApplicable(e)) throw e;
      ctx.note(`deployed-commit: ${e.message}; the commit's arrival is the execution's success`);
      return;
    }
    const s3 = new S3Client(ctx.world.clientConfig(target.targetAccount));
    const page = await (await s3.send(new GetObjectCommand({ Bucket: target.deployBucket, Key: 'index.html' }))).Body!.transformToString();
    if (page !== committedPage()) throw new Error(`the deploy bucket's index.html is not the committed one: ${JSON.stringify(page)}`);
  },
};

/** The seed's whole path, from the commit to the deploy. */
export const commitToDeploy: Step[] = [commit, forwardEvent, startPipeline, runStartedExecution, deployedCommit];
