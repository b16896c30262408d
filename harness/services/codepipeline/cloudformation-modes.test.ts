/**
 * The CloudFormation deploy action's modes run against the emulated CloudFormation, on the reference setup applied
 * from the CDKTF stacks (pipeline account 111111111111, action role and deploy role in 222222222222):
 * CHANGE_SET_REPLACE then CHANGE_SET_EXECUTE (two runOrders of one stage, and with a manual approval between them),
 * a mode that needs a service role run without RoleArn, DELETE_ONLY, REPLACE_ON_FAILURE on a stack in ROLLBACK_COMPLETE, TemplateConfiguration, ParameterOverrides and
 * OutputFileName feeding a later S3 deploy action.
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CloudFormation.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/continuous-delivery-codepipeline-action-reference.html
 * (ActionMode: "Replace a failed stack … If the stack exists and is in a failed state (reported as
 * ROLLBACK_COMPLETE, ROLLBACK_FAILED, CREATE_FAILED, DELETE_FAILED, or UPDATE_ROLLBACK_FAILED), AWS CloudFormation
 * deletes the stack and then creates a new stack"; "Delete a stack … If you specify a stack that doesn't exist,
 * the action completes successfully without deleting a stack"; "Create or replace a change set … If the change set
 * exists, AWS CloudFormation deletes it, and then creates a new one.")
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameter-override-functions.html (template
 * configuration file: {"Parameters": {…}, "Tags": {…}}; ParameterOverrides win over the file).
 */
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ListChangeSetsCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import {
  CodePipelineClient,
  CreatePipelineCommand,
  GetPipelineCommand,
  GetPipelineStateCommand,
  ListPipelineExecutionsCommand,
  PutApprovalResultCommand,
  StartPipelineExecutionCommand,
  type ActionDeclaration,
  type PipelineDeclaration,
  type StageDeclaration,
} from '@aws-sdk/client-codepipeline';
import { DeleteRolePolicyCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply } from '../../apply/index.js';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { synthReferenceSetup } from '../../../stacks/reference-setup.js';
import { rootPrincipal } from '../../world/principal.js';
import { bodyBytes } from './artifacts.js';
import { waitForCreationExecution, waitForExecution } from './wait.js';

const PIPELINE_ACCOUNT = '111111111111';
const TARGET_ACCOUNT = '222222222222';
const SOURCE_BUCKET = `xacct-source-${PIPELINE_ACCOUNT}`;
const ARTIFACT_BUCKET = `xacct-artifacts-${PIPELINE_ACCOUNT}`;
const DEPLOY_BUCKET = `xacct-deploy-${TARGET_ACCOUNT}`;

/** What an action of the target account needs to write an output artifact: its role's grants, the bucket's and the key's. */
async function grantOutputArtifactWrites(emu: RunningEmulator, roleArn: string): Promise<void> {
  const root = rootPrincipal(PIPELINE_ACCOUNT);
  const target = `arn:aws:iam::${TARGET_ACCOUNT}:root`;
  const aliases = await emu.emulator.invokeAs<{ Aliases?: Array<{ AliasName?: string; TargetKeyId?: string }> }>(root, 'kms', 'ListAliases', {});
  const KeyId = aliases.Aliases!.find((x) => x.AliasName === 'alias/codepipeline-artifacts')!.TargetKeyId!;
  const keyArn = `arn:aws:kms:us-east-1:${PIPELINE_ACCOUNT}:key/${KeyId}`;
  const keyPolicy = JSON.parse((await emu.emulator.invokeAs<{ Policy: string }>(root, 'kms', 'GetKeyPolicy', { KeyId, PolicyName: 'default' })).Policy) as { Statement: unknown[] };
  keyPolicy.Statement.push({ Sid: 'AllowTargetAccountWrites', Effect: 'Allow', Principal: { AWS: target }, Action: 'kms:GenerateDataKey*', Resource: '*' });
  await emu.emulator.invokeAs(root, 'kms', 'PutKeyPolicy', { KeyId, PolicyName: 'default', Policy: JSON.stringify(keyPolicy) });
  const bucketPolicy = JSON.parse((await emu.emulator.invokeAs<{ Policy: string }>(root, 's3', 'GetBucketPolicy', { Bucket: ARTIFACT_BUCKET })).Policy) as { Statement: unknown[] };
  bucketPolicy.Statement.push({ Sid: 'AllowTargetAccountWrites', Effect: 'Allow', Principal: { AWS: target }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${ARTIFACT_BUCKET}/*` });
  await emu.emulator.invokeAs(root, 's3', 'PutBucketPolicy', { Bucket: ARTIFACT_BUCKET, Policy: JSON.stringify(bucketPolicy) });
  const statements = [
    { Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${ARTIFACT_BUCKET}/*` },
    { Effect: 'Allow', Action: 'kms:GenerateDataKey*', Resource: keyArn },
  ];
  await new IAMClient(emu.clientConfig(TARGET_ACCOUNT)).send(
    new PutRolePolicyCommand({ RoleName: roleArn.split('/').pop()!, PolicyName: 'write-output-artifacts', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }),
  );
}

// One bucket named from the stack and two parameters; the outputs echo what CloudFormation resolved.
const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Suffix:
    Type: String
  Stage:
    Type: String
    Default: dev
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub '\${AWS::StackName}-\${Suffix}-\${AWS::AccountId}'
Outputs:
  BucketName:
    Value: !Ref Bucket
  Stage:
    Value: !Ref Stage
`;

// The deploy role may create S3 buckets and IAM roles only (stacks/policies.ts deployRolePolicy): a KMS key fails
// the stack creation, which rolls back to ROLLBACK_COMPLETE.
const FAILING_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { AWS: !Sub 'arn:aws:iam::\${AWS::AccountId}:root' }
            Action: 'kms:*'
            Resource: '*'
`;

const CONFIGURATION = JSON.stringify({ Parameters: { Suffix: 'fromfile', Stage: 'staging' }, Tags: { team: 'xacct' } });

function zip(files: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])), { mtime: new Date('2026-01-01T00:00:00Z') });
}

describe.each(['in-process', 'http'] as const)('CloudFormation action modes on the applied reference setup over %s', (transport) => {
  let emu: RunningEmulator;
  let cp: CodePipelineClient;
  let cfn: CloudFormationClient;
  let s3Source: S3Client;
  let reference: PipelineDeclaration;
  let referenceDeploy: ActionDeclaration;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    await apply(synthReferenceSetup(), { resolver: { clientConfig: (id) => emu.clientConfig(id) } });
    // The reference pipeline's creation started its first run, which fails at the source (app.zip is not uploaded yet).
    expect((await waitForCreationExecution(emu.emulator, PIPELINE_ACCOUNT, emu.region, 'xacct-pipeline')).status).toBe('Failed');
    s3Source = new S3Client(emu.clientConfig(PIPELINE_ACCOUNT));
    await upload('app.zip', { 'template.yaml': TEMPLATE, 'config/prod.json': CONFIGURATION });
    cp = new CodePipelineClient(emu.clientConfig(PIPELINE_ACCOUNT));
    cfn = new CloudFormationClient(emu.clientConfig(TARGET_ACCOUNT));
    reference = (await cp.send(new GetPipelineCommand({ name: 'xacct-pipeline' }))).pipeline!;
    referenceDeploy = reference.stages![1]!.actions!.find((a) => a.actionTypeId?.provider === 'CloudFormation')!;
  });
  afterAll(() => emu.dispose());

  async function upload(key: string, files: Record<string, string>): Promise<void> {
    await s3Source.send(new PutObjectCommand({ Bucket: SOURCE_BUCKET, Key: key, Body: zip(files) }));
  }

  /** The reference action (same roleArn, Configuration.RoleArn, input artifact) in another mode. */
  function cfnAction(name: string, runOrder: number, configuration: Record<string, string>, extra: Partial<ActionDeclaration> = {}): ActionDeclaration {
    const base = referenceDeploy.configuration!;
    return {
      ...referenceDeploy,
      name,
      runOrder,
      configuration: { RoleArn: base['RoleArn']!, Capabilities: base['Capabilities']!, ...configuration },
      ...extra,
    };
  }

  /** Creates the pipeline, which starts its first execution (trigger CreatePipeline): that execution's id. */
  async function create(name: string, deploy: StageDeclaration[], objectKey = 'app.zip'): Promise<string> {
    const source = structuredClone(reference.stages![0]!);
    source.actions![0]!.configuration!['S3ObjectKey'] = objectKey;
    await cp.send(new CreatePipelineCommand({ pipeline: { ...reference, name, stages: [source, ...deploy] } }));
    const executions = (await cp.send(new ListPipelineExecutionsCommand({ pipelineName: name }))).pipelineExecutionSummaries ?? [];
    expect(executions.map((e) => e.trigger?.triggerType)).toEqual(['CreatePipeline']);
    return executions[0]!.pipelineExecutionId!;
  }

  /** Creates the pipeline and waits for the first run its creation started. */
  async function createPipeline(name: string, deploy: StageDeclaration[], objectKey = 'app.zip') {
    return waitForExecution(emu.emulator, PIPELINE_ACCOUNT, emu.region, name, await create(name, deploy, objectKey));
  }

  async function start(name: string): Promise<string> {
    return (await cp.send(new StartPipelineExecutionCommand({ name }))).pipelineExecutionId!;
  }

  async function run(name: string) {
    return waitForExecution(emu.emulator, PIPELINE_ACCOUNT, emu.region, name, await start(name));
  }

  async function stack(name: string): Promise<Stack> {
    return (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks![0]!;
  }

  async function actionState(pipeline: string, stage: string, action: string) {
    const state = await cp.send(new GetPipelineStateCommand({ name: pipeline }));
    return state.stageStates!.find((s) => s.stageName === stage)!.actionStates!.find((a) => a.actionName === action)!;
  }

  const outputsOf = (s: Stack) => Object.fromEntries((s.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));

  it('CHANGE_SET_REPLACE then CHANGE_SET_EXECUTE (runOrder 1 and 2) creates the stack through the change set', async () => {
    const exec = await createPipeline('cs-two-steps', [
      {
        name: 'Deploy',
        actions: [
          cfnAction('Prepare', 1, {
            ActionMode: 'CHANGE_SET_REPLACE',
            StackName: 'cs-app',
            ChangeSetName: 'cs-app-changes',
            TemplatePath: 'SourceArtifact::template.yaml',
            ParameterOverrides: JSON.stringify({ Suffix: 'cs' }),
          }),
          cfnAction('Execute', 2, { ActionMode: 'CHANGE_SET_EXECUTE', StackName: 'cs-app', ChangeSetName: 'cs-app-changes' }, { inputArtifacts: [] }),
        ],
      },
    ]);
    expect(exec.statusSummary).toBeUndefined();
    expect(exec.status).toBe('Succeeded');
    const s = await stack('cs-app');
    expect(s.StackStatus).toBe('CREATE_COMPLETE');
    expect(s.RoleARN).toBe(referenceDeploy.configuration!['RoleArn']);
    expect(outputsOf(s)).toEqual({ BucketName: `cs-app-cs-${TARGET_ACCOUNT}`, Stage: 'dev' });
    const cs = await cfn.send(new DescribeChangeSetCommand({ StackName: 'cs-app', ChangeSetName: 'cs-app-changes' }));
    expect(cs.Status).toBe('CREATE_COMPLETE');
    expect(cs.ExecutionStatus).toBe('EXECUTE_COMPLETE');

    // A change set nobody executes; executing the pipeline's change set deletes it ("When you execute a change set,
    // CloudFormation deletes all other change sets associated with the stack", API_ExecuteChangeSet.html).
    await cfn.send(
      new CreateChangeSetCommand({ StackName: 'cs-app', ChangeSetName: 'stray', TemplateBody: TEMPLATE, Parameters: [{ ParameterKey: 'Suffix', ParameterValue: 'stray' }] }),
    );
    // The second run replaces the executed change set with an UPDATE change set (the Stage default changed).
    await upload('app.zip', { 'template.yaml': TEMPLATE.replace("Default: dev", "Default: test"), 'config/prod.json': CONFIGURATION });
    const again = await run('cs-two-steps');
    await upload('app.zip', { 'template.yaml': TEMPLATE, 'config/prod.json': CONFIGURATION });
    expect(again.statusSummary).toBeUndefined();
    expect(again.status).toBe('Succeeded');
    const updated = await stack('cs-app');
    expect(updated.StackStatus).toBe('UPDATE_COMPLETE');
    expect(outputsOf(updated)).toEqual({ BucketName: `cs-app-cs-${TARGET_ACCOUNT}`, Stage: 'test' });
    const sets = (await cfn.send(new ListChangeSetsCommand({ StackName: 'cs-app' }))).Summaries ?? [];
    expect(sets.map((c) => [c.ChangeSetName, c.ChangeSetId === cs.ChangeSetId, c.ExecutionStatus])).toEqual([['cs-app-changes', false, 'EXECUTE_COMPLETE']]);
  });

  it('CHANGE_SET_REPLACE, a manual approval, then CHANGE_SET_EXECUTE: nothing is deployed until approved', async () => {
    const id = await create('cs-approval', [
      {
        name: 'Prepare',
        actions: [
          cfnAction('CreateChangeSet', 1, {
            ActionMode: 'CHANGE_SET_REPLACE',
            StackName: 'approved-app',
            ChangeSetName: 'approved-changes',
            TemplatePath: 'SourceArtifact::template.yaml',
            ParameterOverrides: JSON.stringify({ Suffix: 'ok' }),
          }),
        ],
      },
      {
        name: 'Approve',
        actions: [{ name: 'Review', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' }, runOrder: 1 }],
      },
      {
        name: 'Release',
        actions: [cfnAction('ExecuteChangeSet', 1, { ActionMode: 'CHANGE_SET_EXECUTE', StackName: 'approved-app', ChangeSetName: 'approved-changes' }, { inputArtifacts: [] })],
      },
    ]);
    let review = await actionState('cs-approval', 'Approve', 'Review');
    for (let i = 0; i < 1000 && !review.latestExecution?.token; i++) {
      await new Promise((r) => setTimeout(r, 5));
      review = await actionState('cs-approval', 'Approve', 'Review');
    }
    expect(review.latestExecution?.status).toBe('InProgress');
    // The change set waits for review: the stack exists only as REVIEW_IN_PROGRESS, the change set is AVAILABLE.
    expect((await stack('approved-app')).StackStatus).toBe('REVIEW_IN_PROGRESS');
    const cs = await cfn.send(new DescribeChangeSetCommand({ StackName: 'approved-app', ChangeSetName: 'approved-changes' }));
    expect([cs.Status, cs.ExecutionStatus]).toEqual(['CREATE_COMPLETE', 'AVAILABLE']);
    expect(cs.Changes?.map((c) => [c.ResourceChange?.Action, c.ResourceChange?.LogicalResourceId])).toEqual([['Add', 'Bucket']]);

    await cp.send(
      new PutApprovalResultCommand({
        pipelineName: 'cs-approval',
        stageName: 'Approve',
        actionName: 'Review',
        token: review.latestExecution!.token!,
        result: { status: 'Approved', summary: 'change set reviewed' },
      }),
    );
    const exec = await waitForExecution(emu.emulator, PIPELINE_ACCOUNT, emu.region, 'cs-approval', id);
    expect(exec.statusSummary).toBeUndefined();
    expect(exec.status).toBe('Succeeded');
    expect((await stack('approved-app')).StackStatus).toBe('CREATE_COMPLETE');
  });

  it('an action without RoleArn is accepted by CreatePipeline and fails when it runs, before any stack is touched', async () => {
    const action = cfnAction('Plan', 1, { ActionMode: 'CHANGE_SET_REPLACE', StackName: 'roleless-app', ChangeSetName: 'plan', TemplatePath: 'SourceArtifact::template.yaml' });
    delete action.configuration!['RoleArn'];
    await createPipeline('roleless', [{ name: 'Deploy', actions: [action] }]);
    expect((await run('roleless')).status).toBe('Failed');
    // As a real pipeline reported it ("Action execution failed"): hashicorp/terraform-provider-aws#13121.
    expect((await actionState('roleless', 'Deploy', 'Plan')).latestExecution?.errorDetails).toEqual({
      code: 'JobFailed',
      message: 'Configuration Property RoleArn should not be empty in current ActionMode',
    });
    const err = await cfn.send(new DescribeStacksCommand({ StackName: 'roleless-app' })).catch((e: unknown) => e as { name: string; message: string });
    expect(err).toMatchObject({ name: 'ValidationError', message: 'Stack with id roleless-app does not exist' });
  });

  it('DELETE_ONLY deletes the stack, and succeeds without deleting anything when the stack does not exist', async () => {
    const exec = await createPipeline('delete-only', [
      {
        name: 'Deploy',
        actions: [
          cfnAction('Create', 1, {
            ActionMode: 'CREATE_UPDATE',
            StackName: 'doomed-app',
            TemplatePath: 'SourceArtifact::template.yaml',
            ParameterOverrides: JSON.stringify({ Suffix: 'doomed' }),
          }),
        ],
      },
      { name: 'Teardown', actions: [cfnAction('Delete', 1, { ActionMode: 'DELETE_ONLY', StackName: 'doomed-app' }, { inputArtifacts: [] })] },
    ]);
    expect(exec.statusSummary).toBeUndefined();
    expect(exec.status).toBe('Succeeded');
    const err = await cfn.send(new DescribeStacksCommand({ StackName: 'doomed-app' })).catch((e: unknown) => e as { name: string; message: string; $metadata: { httpStatusCode: number } });
    expect(err).toMatchObject({ name: 'ValidationError', message: 'Stack with id doomed-app does not exist', $metadata: { httpStatusCode: 400 } });
    expect((await actionState('delete-only', 'Teardown', 'Delete')).latestExecution?.status).toBe('Succeeded');

    const missing = await createPipeline('delete-missing', [
      { name: 'Teardown', actions: [cfnAction('Delete', 1, { ActionMode: 'DELETE_ONLY', StackName: 'never-created' }, { inputArtifacts: [] })] },
    ]);
    expect(missing.status).toBe('Succeeded');
  });

  it('REPLACE_ON_FAILURE deletes a stack in ROLLBACK_COMPLETE and creates it again', async () => {
    await upload('failing.zip', { 'template.yaml': FAILING_TEMPLATE });
    const failed = await createPipeline(
      'replace-on-failure',
      [
        {
          name: 'Deploy',
          actions: [cfnAction('Deploy', 1, { ActionMode: 'REPLACE_ON_FAILURE', StackName: 'phoenix-app', TemplatePath: 'SourceArtifact::template.yaml', ParameterOverrides: '{}' })],
        },
      ],
      'failing.zip',
    );
    expect(failed.status).toBe('Failed');
    const first = await stack('phoenix-app');
    expect(first.StackStatus).toBe('ROLLBACK_COMPLETE');
    const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: 'phoenix-app' }))).StackEvents ?? [];
    const keyFailed = events.find((e) => e.LogicalResourceId === 'Key' && e.ResourceStatus === 'CREATE_FAILED')!;
    const firstFailure = keyFailed.ResourceStatusReason!;
    // The deploy role may not create keys: the registry handler's wording (errors.jsonl E072/E073 forms).
    expect(firstFailure).toMatch(
      /^Resource handler returned message: "User: arn:aws:sts::222222222222:assumed-role\/cloudformation-deploy-role\/AWSCloudFormation is not authorized to perform: kms:CreateKey because no identity-based policy allows the kms:CreateKey action /,
    );
    const deploy = (await actionState('replace-on-failure', 'Deploy', 'Deploy')).latestExecution!;
    expect(deploy.status).toBe('Failed');
    expect(deploy.errorDetails?.code).toBe('JobFailed');
    // "Failed to update stack. Current status: UPDATE_ROLLBACK_COMPLETE. …" (data-lakes-on-aws#245) in its create
    // form; the action role may DescribeStackEvents, so the first failed resource's reason follows.
    expect(deploy.errorDetails?.message).toBe(`Failed to create stack. Current status: ROLLBACK_COMPLETE. Status reason: ${firstFailure}`);

    // CREATE_UPDATE does not replace a failed stack: UpdateStack refuses it, in the SDK-style rendering of E086.
    const onFailed = await createPipeline(
      'create-update-on-failed',
      [{ name: 'Deploy', actions: [cfnAction('Deploy', 1, { ActionMode: 'CREATE_UPDATE', StackName: 'phoenix-app', TemplatePath: 'SourceArtifact::template.yaml' })] }],
      'failing.zip',
    );
    expect(onFailed.status).toBe('Failed');
    const refused = (await actionState('create-update-on-failed', 'Deploy', 'Deploy')).latestExecution!;
    expect(refused.errorDetails?.code).toBe('JobFailed');
    expect(refused.errorDetails?.message).toMatch(
      new RegExp(
        `^Stack:${first.StackId!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in ROLLBACK_COMPLETE state and can not be updated \\(Service: AmazonCloudFormation; Status Code: 400; Error Code: ValidationError; Request ID: [0-9a-f-]{36}\\)$`,
      ),
    );

    await upload('failing.zip', { 'template.yaml': TEMPLATE.replace('Type: String\n  Stage', "Type: String\n    Default: phoenix\n  Stage") });
    const fixed = await run('replace-on-failure');
    expect(fixed.statusSummary).toBeUndefined();
    expect(fixed.status).toBe('Succeeded');
    const second = await stack('phoenix-app');
    expect(second.StackStatus).toBe('CREATE_COMPLETE');
    expect(second.StackId).not.toBe(first.StackId);
    expect(outputsOf(second)['BucketName']).toBe(`phoenix-app-phoenix-${TARGET_ACCOUNT}`);
  });

  it('without cloudformation:DescribeStackEvents the failure says the status reason is not available', async () => {
    const iam = new IAMClient(emu.clientConfig(TARGET_ACCOUNT));
    const roleName = referenceDeploy.roleArn!.split('/').pop()!;
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: roleName,
        PolicyName: 'no-stack-events',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'cloudformation:DescribeStackEvents', Resource: '*' }] }),
      }),
    );
    try {
      await upload('quiet.zip', { 'template.yaml': FAILING_TEMPLATE });
      const quiet = await createPipeline(
        'quiet-failure',
        [{ name: 'Deploy', actions: [cfnAction('Deploy', 1, { ActionMode: 'CREATE_UPDATE', StackName: 'quiet-app', TemplatePath: 'SourceArtifact::template.yaml' })] }],
        'quiet.zip',
      );
      expect(quiet.status).toBe('Failed');
      const deploy = (await actionState('quiet-failure', 'Deploy', 'Deploy')).latestExecution!;
      expect(deploy.errorDetails).toEqual({
        code: 'JobFailed',
        // Verbatim from a real pipeline (data-lakes-on-aws#245), in its create form.
        message:
          'Failed to create stack. Current status: ROLLBACK_COMPLETE. Status reason is not available because IAM role associated with the action does not have CloudFormation DescribeStackEvents permission',
      });
    } finally {
      await iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: 'no-stack-events' }));
    }
  });

  it('TemplateConfiguration supplies Parameters and Tags; ParameterOverrides win over the file', async () => {
    const exec = await createPipeline('template-config', [
      {
        name: 'Deploy',
        actions: [
          cfnAction('FromFile', 1, {
            ActionMode: 'CREATE_UPDATE',
            StackName: 'file-app',
            TemplatePath: 'SourceArtifact::template.yaml',
            TemplateConfiguration: 'SourceArtifact::config/prod.json',
          }),
          cfnAction('Overridden', 1, {
            ActionMode: 'CREATE_UPDATE',
            StackName: 'override-app',
            TemplatePath: 'SourceArtifact::template.yaml',
            TemplateConfiguration: 'SourceArtifact::config/prod.json',
            ParameterOverrides: JSON.stringify({ Stage: 'prod' }),
          }),
        ],
      },
    ]);
    expect(exec.statusSummary).toBeUndefined();
    expect(exec.status).toBe('Succeeded');
    const fromFile = await stack('file-app');
    expect(fromFile.StackStatus).toBe('CREATE_COMPLETE');
    expect(fromFile.Parameters?.map((p) => [p.ParameterKey, p.ParameterValue]).sort()).toEqual([
      ['Stage', 'staging'],
      ['Suffix', 'fromfile'],
    ]);
    expect(fromFile.Tags).toEqual([{ Key: 'team', Value: 'xacct' }]);
    expect(outputsOf(await stack('override-app'))).toEqual({ BucketName: `override-app-fromfile-${TARGET_ACCOUNT}`, Stage: 'prod' });
  });

  it('OutputFileName writes the stack outputs into an output artifact that a later S3 deploy action extracts', async () => {
    const files = reference.stages![1]!.actions!.find((a) => a.actionTypeId?.provider === 'S3')!;
    // A cross-account action role needs s3:PutObject on the store to write output artifacts
    // (github.com/aws/aws-cdk/pull/6594, "codepipeline cross account action fails writing output artifacts"), and
    // kms:GenerateDataKey on the key. The least-privilege reference setup grants neither (no action of its pipeline
    // writes one), so the first run (the one the pipeline's creation starts) is refused; then grant the writes.
    const denied = await createPipeline('outputs', [
      {
        name: 'Deploy',
        actions: [
          cfnAction(
            'Stack',
            1,
            {
              ActionMode: 'CREATE_UPDATE',
              StackName: 'outputs-app',
              TemplatePath: 'SourceArtifact::template.yaml',
              ParameterOverrides: JSON.stringify({ Suffix: 'out' }),
              OutputFileName: 'stack-outputs.json',
            },
            { outputArtifacts: [{ name: 'StackOutputs' }] },
          ),
          { ...files, name: 'PublishOutputs', runOrder: 2, inputArtifacts: [{ name: 'StackOutputs' }], configuration: { BucketName: DEPLOY_BUCKET, Extract: 'true', ObjectKey: 'outputs' } },
        ],
      },
    ]);
    expect(denied.status).toBe('Failed');
    const refused = (await actionState('outputs', 'Deploy', 'Stack')).latestExecution!;
    expect(refused.errorDetails?.code).toBe('JobFailed');
    expect(refused.errorDetails?.message).toMatch(
      /^Access Denied \(Service: Amazon S3; Status Code: 403; Error Code: AccessDenied; Request ID: [0-9A-F]{16}; S3 Extended Request ID: \S+\)$/,
    );
    await grantOutputArtifactWrites(emu, referenceDeploy.roleArn!);

    const exec = await run('outputs');
    expect(exec.statusSummary).toBeUndefined();
    expect(exec.status).toBe('Succeeded');
    const expected = { BucketName: `outputs-app-out-${TARGET_ACCOUNT}`, Stage: 'dev' };

    const produced = (await actionState('outputs', 'Deploy', 'Stack')).latestExecution!;
    expect(produced.status).toBe('Succeeded');
    const location = exec.stages.get('Deploy')!.actions.get('Stack')!.outputArtifacts[0]!.location;
    expect(location.bucket).toBe(ARTIFACT_BUCKET);
    expect(location.key).toMatch(/^outputs\/StackOutputs\/[A-Za-z0-9]{7}$/);
    // Read inside the emulator as the pipeline account's root: over plain http the reference bucket policy's
    // DenyInsecureConnections statement refuses any client read of the store.
    const artifact = await emu.emulator.invokeAs<{ Body?: unknown }>(rootPrincipal(PIPELINE_ACCOUNT), 's3', 'GetObject', { Bucket: location.bucket, Key: location.key });
    const entries = unzipSync(await bodyBytes(artifact.Body));
    expect(Object.keys(entries)).toEqual(['stack-outputs.json']);
    expect(JSON.parse(Buffer.from(entries['stack-outputs.json']!).toString('utf8'))).toEqual(expected);

    const deployed = await new S3Client(emu.clientConfig(TARGET_ACCOUNT)).send(new GetObjectCommand({ Bucket: DEPLOY_BUCKET, Key: 'outputs/stack-outputs.json' }));
    expect(JSON.parse(await deployed.Body!.transformToString())).toEqual(expected);
  });
});
