/**
 * Issue 15's "Done when", through the real AWS CLI (/usr/bin/aws) against a `xacct serve` process holding three
 * accounts: a `codecommit put-file` in the repository account (333333333333) starts the pipeline in the pipeline
 * account (111111111111) through EventBridge; it builds with CodeBuild (commands not run) and deploys with
 * CloudFormation into the target account (222222222222); `get-pipeline-execution` says Succeeded.
 * The path is the Japanese seed's (001_8eb508533f8a66f6.txt) with a Build stage: CodeCommit's referenceUpdated event
 * (https://docs.aws.amazon.com/codecommit/latest/userguide/monitoring-events.html) is forwarded by a rule in 333 to
 * 111's default bus as a role (events:PutEvents, allowed by the bus policy:
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html); a rule in 111 starts the pipeline
 * as a role (https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-trigger-source-repo-changes-cfn.html);
 * the CodeCommit source runs as a role in 333 (cross-account roleArn), writing the zip with the pipeline's key.
 * The setup is made through the SDK against the same server (the CLI drives the Done-when steps themselves).
 * The event-started execution records the rule as its trigger (triggerType CloudWatchEvent, triggerDetail the rule's
 * ARN, as AWS does: https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_ExecutionTrigger.html and the
 * recorded output cited in harness/services/codepipeline/triggers.ts); the creation's run is the other one.
 */
import { CodeBuildClient, CreateProjectCommand } from '@aws-sdk/client-codebuild';
import { CodeCommitClient, CreateCommitCommand, CreateRepositoryCommand } from '@aws-sdk/client-codecommit';
import { CodePipelineClient, CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { EventBridgeClient, PutPermissionCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATE } from '../harness/runner/artifact.js';
import { awsJson, type CliCredentials } from './helpers/aws-cli.js';
import { startServe, type ServeProcess } from './helpers/serve-process.js';

const PIPELINE = '111111111111';
const TARGET = '222222222222';
const REPO = '333333333333';
const REGION = 'us-east-1';
const ARTIFACTS = `e2e-artifacts-${PIPELINE}`;
const PIPELINE_NAME = 'from-another-account';
const PIPELINE_ARN = `arn:aws:codepipeline:${REGION}:${PIPELINE}:${PIPELINE_NAME}`;
const REPO_ARN = `arn:aws:codecommit:${REGION}:${REPO}:app`;
const bus = (account: string) => `arn:aws:events:${REGION}:${account}:event-bus/default`;
const role = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;
const root = (account: string) => `arn:aws:iam::${account}:root`;
const rootOf = (account: string): CliCredentials => ({ accessKeyId: account, secretAccessKey: 'test' });

const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const trust = (principal: object) => doc({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' });
const allow = (Action: string | string[], Resource: string | string[] = '*') => doc({ Effect: 'Allow', Action, Resource });
const PATTERN = JSON.stringify({
  source: ['aws.codecommit'],
  'detail-type': ['CodeCommit Repository State Change'],
  resources: [REPO_ARN],
  detail: { event: ['referenceCreated', 'referenceUpdated'], referenceType: ['branch'], referenceName: ['main'] },
});
const PASS_THROUGH = `version: 0.2
phases:
  build:
    commands:
      - echo "not run by default"
artifacts:
  files:
    - '**/*'
`;

interface Execution {
  pipelineExecutionId: string;
  status: string;
  trigger?: { triggerType: string; triggerDetail?: string };
  artifactRevisions?: Array<{ name: string; revisionId: string; revisionSummary?: string }>;
}

async function setUp(endpoint: string): Promise<void> {
  const config = (account: string) => ({ endpoint, region: REGION, credentials: rootOf(account) });
  const iam = (account: string) => new IAMClient(config(account));
  const role$ = async (account: string, name: string, trusted: object, policy: string) => {
    await iam(account).send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust(trusted) }));
    await iam(account).send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'policy', PolicyDocument: policy }));
  };

  // Pipeline account: the artifact key and bucket (both naming the repository and target accounts), the roles.
  const keyArn = (
    await new KMSClient(config(PIPELINE)).send(
      new CreateKeyCommand({
        Policy: doc(
          { Sid: 'Root', Effect: 'Allow', Principal: { AWS: root(PIPELINE) }, Action: 'kms:*', Resource: '*' },
          { Sid: 'OtherAccounts', Effect: 'Allow', Principal: { AWS: [root(REPO), root(TARGET)] }, Action: ['kms:DescribeKey', 'kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'], Resource: '*' },
        ),
      }),
    )
  ).KeyMetadata!.Arn!;
  const s3 = new S3Client({ ...config(PIPELINE), forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: ARTIFACTS }));
  await s3.send(
    new PutBucketPolicyCommand({
      Bucket: ARTIFACTS,
      Policy: doc(
        { Effect: 'Allow', Principal: { AWS: [root(REPO), root(TARGET)] }, Action: ['s3:Get*', 's3:Put*'], Resource: `arn:aws:s3:::${ARTIFACTS}/*` },
        { Effect: 'Allow', Principal: { AWS: [root(REPO), root(TARGET)] }, Action: 's3:ListBucket', Resource: `arn:aws:s3:::${ARTIFACTS}` },
      ),
    }),
  );
  await role$(PIPELINE, 'pipeline-role', { Service: 'codepipeline.amazonaws.com' }, allow(['s3:*', 'kms:*', 'iam:PassRole', 'codebuild:StartBuild', 'codebuild:BatchGetBuilds', 'sts:AssumeRole']));
  await role$(PIPELINE, 'build-role', { Service: 'codebuild.amazonaws.com' }, allow(['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 'kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey', 'logs:*']));
  await role$(PIPELINE, 'start-pipeline', { Service: 'events.amazonaws.com' }, allow('codepipeline:StartPipelineExecution', PIPELINE_ARN));
  await new CodeBuildClient(config(PIPELINE)).send(
    new CreateProjectCommand({
      name: 'build',
      source: { type: 'CODEPIPELINE', buildspec: PASS_THROUGH },
      artifacts: { type: 'CODEPIPELINE' },
      environment: { type: 'LINUX_CONTAINER', image: 'aws/codebuild/standard:7.0', computeType: 'BUILD_GENERAL1_SMALL' },
      serviceRole: role(PIPELINE, 'build-role'),
      encryptionKey: keyArn,
    }),
  );

  // Target account: the action role the pipeline assumes and the role CloudFormation deploys as.
  await role$(TARGET, 'action-role', { AWS: root(PIPELINE) }, allow(['cloudformation:*', 'iam:PassRole', 's3:Get*', 's3:ListBucket', 'kms:Decrypt', 'kms:DescribeKey']));
  await role$(TARGET, 'deploy-role', { Service: 'cloudformation.amazonaws.com' }, allow(['s3:*', 'iam:*']));

  // Repository account: the repository, the source action's role, the rule forwarding to the pipeline account.
  const cc = new CodeCommitClient(config(REPO));
  await cc.send(new CreateRepositoryCommand({ repositoryName: 'app' }));
  await cc.send(new CreateCommitCommand({ repositoryName: 'app', branchName: 'main', commitMessage: 'the app', putFiles: [{ filePath: 'template.yaml', fileContent: new TextEncoder().encode(TEMPLATE) }] }));
  await role$(
    REPO,
    'source-role',
    { AWS: root(PIPELINE) },
    doc(
      { Effect: 'Allow', Action: ['codecommit:GetBranch', 'codecommit:GetCommit', 'codecommit:UploadArchive', 'codecommit:GetUploadArchiveStatus'], Resource: REPO_ARN },
      { Effect: 'Allow', Action: ['s3:PutObject', 's3:PutObjectAcl'], Resource: `arn:aws:s3:::${ARTIFACTS}/*` },
      { Effect: 'Allow', Action: ['kms:GenerateDataKey*', 'kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey'], Resource: keyArn },
    ),
  );
  await role$(REPO, 'forwarder', { Service: 'events.amazonaws.com' }, allow('events:PutEvents', bus(PIPELINE)));
  const repoEvents = new EventBridgeClient(config(REPO));
  await repoEvents.send(new PutRuleCommand({ Name: 'forward', EventPattern: PATTERN }));
  await repoEvents.send(new PutTargetsCommand({ Rule: 'forward', Targets: [{ Id: 'pipeline-account', Arn: bus(PIPELINE), RoleArn: role(REPO, 'forwarder') }] }));

  // Pipeline account: its bus takes the repository account's events; a rule starts the pipeline.
  const events = new EventBridgeClient(config(PIPELINE));
  await events.send(new PutPermissionCommand({ Action: 'events:PutEvents', Principal: REPO, StatementId: 'repository-account' }));
  await events.send(new PutRuleCommand({ Name: 'start', EventPattern: PATTERN }));
  await events.send(new PutTargetsCommand({ Rule: 'start', Targets: [{ Id: 'pipeline', Arn: PIPELINE_ARN, RoleArn: role(PIPELINE, 'start-pipeline') }] }));
  await new CodePipelineClient(config(PIPELINE)).send(
    new CreatePipelineCommand({
      pipeline: {
        name: PIPELINE_NAME,
        roleArn: role(PIPELINE, 'pipeline-role'),
        artifactStore: { type: 'S3', location: ARTIFACTS, encryptionKey: { type: 'KMS', id: keyArn } },
        stages: [
          {
            name: 'Source',
            actions: [
              {
                name: 'Source',
                actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
                roleArn: role(REPO, 'source-role'),
                configuration: { RepositoryName: 'app', BranchName: 'main', PollForSourceChanges: 'false', OutputArtifactFormat: 'CODE_ZIP' },
                outputArtifacts: [{ name: 'SourceOutput' }],
              },
            ],
          },
          {
            name: 'Build',
            actions: [
              {
                name: 'Build',
                actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
                configuration: { ProjectName: 'build' },
                inputArtifacts: [{ name: 'SourceOutput' }],
                outputArtifacts: [{ name: 'BuildOutput' }],
              },
            ],
          },
          {
            name: 'Deploy',
            actions: [
              {
                name: 'Stack',
                actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'CloudFormation', version: '1' },
                roleArn: role(TARGET, 'action-role'),
                configuration: { ActionMode: 'CREATE_UPDATE', StackName: 'e2e-app', TemplatePath: 'BuildOutput::template.yaml', RoleArn: role(TARGET, 'deploy-role'), Capabilities: 'CAPABILITY_NAMED_IAM' },
                inputArtifacts: [{ name: 'BuildOutput' }],
              },
            ],
          },
        ],
      },
    }),
  );
}

describe('issue 15 done-when: a commit in 333333333333 deploys into 222222222222 through the pipeline in 111111111111', () => {
  let serve: ServeProcess;

  beforeAll(async () => {
    serve = await startServe(['--port', '0', '--accounts', `pipeline=${PIPELINE},target=${TARGET},repo=${REPO}`], 3);
    await setUp(serve.endpoint);
  }, 60_000);
  afterAll(async () => {
    await serve.stop();
  });

  const executions = async () =>
    (await awsJson<{ pipelineExecutionSummaries: Execution[] }>(serve.endpoint, rootOf(PIPELINE), ['codepipeline', 'list-pipeline-executions', '--pipeline-name', PIPELINE_NAME])).pipelineExecutionSummaries;

  it('aws codecommit put-file starts the pipeline through EventBridge; get-pipeline-execution says Succeeded', async () => {
    const head = await awsJson<{ branch: { commitId: string } }>(serve.endpoint, rootOf(REPO), ['codecommit', 'get-branch', '--repository-name', 'app', '--branch-name', 'main']);
    const put = await awsJson<{ commitId: string }>(serve.endpoint, rootOf(REPO), [
      'codecommit',
      'put-file',
      '--repository-name',
      'app',
      '--branch-name',
      'main',
      '--parent-commit-id',
      head.branch.commitId,
      '--file-path',
      'README.md',
      '--file-content',
      'released from the repository account',
      '--commit-message',
      'release',
    ]);

    // The creation's run (trigger CreatePipeline) exists too: the event's is the one the rule started.
    let started: Execution | undefined;
    const deadline = Date.now() + 60_000;
    while (!(started = (await executions()).find((e) => e.trigger?.triggerType === 'CloudWatchEvent'))) {
      if (Date.now() > deadline) throw new Error('the commit started no execution');
      await new Promise((r) => setTimeout(r, 200));
    }
    let execution: Execution;
    for (;;) {
      execution = (
        await awsJson<{ pipelineExecution: Execution }>(serve.endpoint, rootOf(PIPELINE), [
          'codepipeline',
          'get-pipeline-execution',
          '--pipeline-name',
          PIPELINE_NAME,
          '--pipeline-execution-id',
          started.pipelineExecutionId,
        ])
      ).pipelineExecution;
      if (execution.status !== 'InProgress' || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(execution.status).toBe('Succeeded');
    expect(execution.artifactRevisions).toEqual([expect.objectContaining({ name: 'SourceOutput', revisionId: put.commitId, revisionSummary: 'release' })]);
    expect((await executions()).map((e) => e.trigger?.triggerType).sort()).toEqual(['CloudWatchEvent', 'CreatePipeline']);
    expect(started.trigger?.triggerDetail).toBe(`arn:aws:events:${REGION}:${PIPELINE}:rule/start`);

    // CodeBuild built it (its commands not run, as by default) and CloudFormation deployed the stack in 222222222222.
    const stacks = await awsJson<{ Stacks: Array<{ StackStatus: string; StackId: string }> }>(serve.endpoint, rootOf(TARGET), ['cloudformation', 'describe-stacks', '--stack-name', 'e2e-app']);
    expect(stacks.Stacks[0]).toMatchObject({ StackStatus: expect.stringMatching(/^(CREATE|UPDATE)_COMPLETE$/), StackId: expect.stringContaining(`:${TARGET}:stack/e2e-app/`) });
    const builds = await awsJson<{ ids: string[] }>(serve.endpoint, rootOf(PIPELINE), ['codebuild', 'list-builds-for-project', '--project-name', 'build']);
    const batch = await awsJson<{ builds: Array<{ buildStatus: string }> }>(serve.endpoint, rootOf(PIPELINE), ['codebuild', 'batch-get-builds', '--ids', ...builds.ids]);
    expect(batch.builds.map((b) => b.buildStatus)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
  }, 120_000);
});
