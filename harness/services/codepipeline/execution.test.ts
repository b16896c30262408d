/**
 * CodePipeline executions through the real @aws-sdk/client-codepipeline, over both transports: an execution runs
 * asynchronously, fails where the pipeline role can no longer be assumed (E093 wording at run time), and reports
 * the failure in GetPipelineState, GetPipelineExecution, ListPipelineExecutions and ListActionExecutions; the
 * execution operations' errors. Wording sources are cited in errors.ts.
 */
import {
  CodePipelineClient,
  CreatePipelineCommand,
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
  PutApprovalResultCommand,
  RetryStageExecutionCommand,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
  type ActionDeclaration,
} from '@aws-sdk/client-codepipeline';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { copyWorld, NotCopyable } from '../../world/snapshot.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';
import { allow, createPrincipals, PIPELINE_ACCOUNT, referencePipeline, trust } from './test-fixtures.js';
import { waitForCreationExecution, waitForExecution } from './wait.js';

const FLAKY_ROLE = `arn:aws:iam::${PIPELINE_ACCOUNT}:role/flaky-pipeline-role`;

describe.each(['in-process', 'http'] as const)('CodePipeline executions over %s', (transport) => {
  let emu: RunningEmulator;
  let cp: CodePipelineClient;
  let executionId: string;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    await createPrincipals(emu);
    const iam = new IAMClient(emu.clientConfig(PIPELINE_ACCOUNT));
    await iam.send(new CreateRoleCommand({ RoleName: 'flaky-pipeline-role', AssumeRolePolicyDocument: trust({ Service: 'codepipeline.amazonaws.com' }) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'flaky-pipeline-role', PolicyName: 'all', PolicyDocument: allow(['s3:*', 'kms:*', 'sts:AssumeRole']) }));
    await new S3Client(emu.clientConfig(PIPELINE_ACCOUNT)).send(new CreateBucketCommand({ Bucket: `xacct-artifacts-${PIPELINE_ACCOUNT}` }));
    cp = new CodePipelineClient(emu.clientConfig(PIPELINE_ACCOUNT));
    await cp.send(new CreatePipelineCommand({ pipeline: { ...referencePipeline({ name: 'flaky' }), roleArn: FLAKY_ROLE } }));
    // The creation starts the first run, which fails at its source: the source bucket was never created.
    expect((await waitForCreationExecution(emu.emulator, PIPELINE_ACCOUNT, 'us-east-1', 'flaky')).status).toBe('Failed');
    // The role stops trusting CodePipeline after the pipeline was created: the next execution cannot start its actions.
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'flaky-pipeline-role', PolicyDocument: trust({ Service: 'ec2.amazonaws.com' }) }));
    const started = await cp.send(new StartPipelineExecutionCommand({ name: 'flaky' }));
    executionId = started.pipelineExecutionId!;
    await waitForExecution(emu.emulator, PIPELINE_ACCOUNT, 'us-east-1', 'flaky', executionId);
  });
  afterAll(() => emu.dispose());

  const message = `CodePipeline is not authorized to perform AssumeRole on role ${FLAKY_ROLE}`;

  it('reports the failed execution', async () => {
    const out = await cp.send(new GetPipelineExecutionCommand({ pipelineName: 'flaky', pipelineExecutionId: executionId }));
    expect(out.pipelineExecution).toMatchObject({ pipelineName: 'flaky', pipelineVersion: 1, status: 'Failed', statusSummary: message });
    const list = await cp.send(new ListPipelineExecutionsCommand({ pipelineName: 'flaky' }));
    expect(list.pipelineExecutionSummaries?.[0]).toMatchObject({ pipelineExecutionId: executionId, status: 'Failed' });
    expect(list.pipelineExecutionSummaries?.[0]?.startTime).toBeInstanceOf(Date);
    expect(list.pipelineExecutionSummaries?.map((e) => e.trigger?.triggerType)).toEqual(['StartPipelineExecution', 'CreatePipeline']);
    // A call by hand records its caller (API_ExecutionTrigger.html: "the user ARN for a user-initiated
    // start-pipeline-execution"; the recorded output cited in triggers.ts shows the caller's ARN).
    expect(list.pipelineExecutionSummaries?.[0]?.trigger?.triggerDetail).toBe(`arn:aws:iam::${PIPELINE_ACCOUNT}:root`);
  });

  it('shows the failing action and stage in GetPipelineState', async () => {
    const state = await cp.send(new GetPipelineStateCommand({ name: 'flaky' }));
    const [source, deploy] = state.stageStates!;
    expect(source?.latestExecution).toEqual({ pipelineExecutionId: executionId, status: 'Failed' });
    expect(source?.actionStates?.[0]?.latestExecution).toMatchObject({ status: 'Failed', errorDetails: { code: 'JobFailed', message } });
    expect(deploy?.latestExecution).toBeUndefined();
    expect(deploy?.inboundTransitionState?.enabled).toBe(true);
  });

  it('lists the action execution with its input and error', async () => {
    const out = await cp.send(new ListActionExecutionsCommand({ pipelineName: 'flaky', filter: { pipelineExecutionId: executionId } }));
    expect(out.actionExecutionDetails).toHaveLength(1);
    expect(out.actionExecutionDetails?.[0]).toMatchObject({
      pipelineExecutionId: executionId,
      stageName: 'Source',
      actionName: 'Source',
      status: 'Failed',
      input: { actionTypeId: { category: 'Source', provider: 'S3' }, configuration: { S3ObjectKey: 'app.zip' } },
      output: { executionResult: { errorDetails: { code: 'JobFailed', message } } },
    });
  });

  it('refuses to stop an execution that is no longer in progress', async () => {
    expect(await awsError(cp.send(new StopPipelineExecutionCommand({ pipelineName: 'flaky', pipelineExecutionId: executionId })))).toEqual({
      code: 'PipelineExecutionNotStoppableException',
      status: 400,
      message: `Pipeline execution ${executionId} is not in progress and cannot be stopped`,
    });
  });

  it('refuses an unknown execution id', async () => {
    const id = '00000000-0000-0000-0000-000000000000';
    expect(await awsError(cp.send(new GetPipelineExecutionCommand({ pipelineName: 'flaky', pipelineExecutionId: id })))).toEqual({
      code: 'PipelineExecutionNotFoundException',
      status: 400,
      message: `Account '${PIPELINE_ACCOUNT}' does not have an execution with id '${id}' for pipeline 'flaky'`,
    });
  });

  it('refuses to start a pipeline that does not exist', async () => {
    expect(await awsError(cp.send(new StartPipelineExecutionCommand({ name: 'ghost' })))).toEqual({
      code: 'PipelineNotFoundException',
      status: 400,
      message: `Account '${PIPELINE_ACCOUNT}' does not have a pipeline with name 'ghost'`,
    });
  });

  it('refuses to retry a stage the pipeline does not have, or one that did not fail', async () => {
    expect(
      await awsError(cp.send(new RetryStageExecutionCommand({ pipelineName: 'flaky', stageName: 'Build', pipelineExecutionId: executionId, retryMode: 'FAILED_ACTIONS' }))),
    ).toEqual({ code: 'StageNotFoundException', status: 400, message: "Stage 'Build' does not exist in pipeline 'flaky'" });
    expect(
      await awsError(cp.send(new RetryStageExecutionCommand({ pipelineName: 'flaky', stageName: 'Deploy', pipelineExecutionId: executionId, retryMode: 'FAILED_ACTIONS' }))),
    ).toEqual({ code: 'NotLatestPipelineExecutionException', status: 400, message: `Pipeline execution ${executionId} is not the latest execution of stage 'Deploy'` });
  });

  it('retries the failed stage, which fails again while the trust is still missing', async () => {
    const out = await cp.send(new RetryStageExecutionCommand({ pipelineName: 'flaky', stageName: 'Source', pipelineExecutionId: executionId, retryMode: 'FAILED_ACTIONS' }));
    expect(out.pipelineExecutionId).toBe(executionId);
    const exec = await waitForExecution(emu.emulator, PIPELINE_ACCOUNT, 'us-east-1', 'flaky', executionId);
    expect(exec.status).toBe('Failed');
  });

  it('a manual approval abandoned by StopPipelineExecution leaves no wait behind: the world can be copied', async () => {
    const s3 = new S3Client(emu.clientConfig(PIPELINE_ACCOUNT));
    await s3.send(new CreateBucketCommand({ Bucket: `review-source-${transport}` }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: `review-source-${transport}`, VersioningConfiguration: { Status: 'Enabled' } }));
    await s3.send(new PutObjectCommand({ Bucket: `review-source-${transport}`, Key: 'app.zip', Body: 'zip' }));
    const [source] = referencePipeline().stages!;
    source!.actions![0]!.configuration!['S3Bucket'] = `review-source-${transport}`;
    const review: ActionDeclaration = { name: 'Review', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' }, runOrder: 1 };
    await cp.send(new CreatePipelineCommand({ pipeline: { ...referencePipeline({ name: 'review' }), stages: [source!, { name: 'Approve', actions: [review] }] } }));
    const waiting = async () => (await cp.send(new GetPipelineStateCommand({ name: 'review' }))).stageStates?.[1]?.actionStates?.[0]?.latestExecution;
    for (let i = 0; i < 1000 && !(await waiting())?.token; i++) await new Promise((r) => setTimeout(r, 5));
    const id = (await cp.send(new ListPipelineExecutionsCommand({ pipelineName: 'review' }))).pipelineExecutionSummaries![0]!.pipelineExecutionId!;
    // While the approval waits, the world holds its wait (world/snapshot.ts refuses it).
    expect(() => copyWorld(emu.emulator.world)).toThrow(NotCopyable);
    await cp.send(new StopPipelineExecutionCommand({ pipelineName: 'review', pipelineExecutionId: id, abandon: true, reason: 'not now' }));
    expect((await waitForExecution(emu.emulator, PIPELINE_ACCOUNT, 'us-east-1', 'review', id)).status).toBe('Stopped');
    expect((await waiting())?.status).toBe('Abandoned');
    expect(() => copyWorld(emu.emulator.world)).not.toThrow();
  });

  it('refuses an approval token no action is waiting with', async () => {
    expect(
      await awsError(
        cp.send(
          new PutApprovalResultCommand({ pipelineName: 'flaky', stageName: 'Source', actionName: 'Source', token: 'nope', result: { status: 'Approved', summary: 'ok' } }),
        ),
      ),
    ).toEqual({ code: 'InvalidApprovalTokenException', status: 400, message: 'Approval token nope is not valid' });
  });
});
