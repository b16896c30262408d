/**
 * The Lambda Invoke action in a cross-account pipeline, on the reference setup applied from the CDKTF stacks
 * (pipeline account 111111111111, action role in 222222222222): the action invokes a function of the target account
 * as its principal, with AWS's job event, and a supplied handler reports the job as the function's execution role.
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/actions-invoke-lambda-function.html
 * Negative cases and where their words come from: Lambda's 403 AccessDeniedException in IAM's words, "User: <role
 * session> is not authorized to perform: lambda:InvokeFunction on resource: <function arn> because no
 * identity-based policy allows the lambda:InvokeFunction action" (quoted from AWS in
 * awslabs/aws-deployment-framework#460, "(Service: AWSLambda; Status Code: 403; Error Code: AccessDeniedException"),
 * and its "no resource-based policy" form across accounts (errors.jsonl E001's form); CodePipeline's console words
 * for the action's failure are not recorded, so the action reports Lambda's message.
 */
import { CodePipelineClient, CreatePipelineCommand, GetPipelineCommand, GetPipelineStateCommand, StartPipelineExecutionCommand, type ActionDeclaration, type PipelineDeclaration } from '@aws-sdk/client-codepipeline';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { strToU8, zipSync } from 'fflate';
import { AddPermissionCommand, CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply } from '../../../apply/index.js';
import { startEmulator, type RunningEmulator } from '../../../index.js';
import { synthReferenceSetup } from '../../../../stacks/reference-setup.js';
import { supplyHandler } from '../../lambda/handlers.js';
import { allow, trust } from '../test-fixtures.js';
import { waitForExecution } from '../wait.js';

const PIPELINE = '111111111111';
const TARGET = '222222222222';

describe.each(['in-process', 'http'] as const)('the Lambda Invoke action over %s', (transport) => {
  let emu: RunningEmulator;
  let cp: CodePipelineClient;
  let reference: PipelineDeclaration;
  let actionRole: string;
  let pipelineRoleSession: string;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    await apply(synthReferenceSetup(), { resolver: { clientConfig: (id) => emu.clientConfig(id) } });
    const zip = zipSync({ 'template.yaml': strToU8('Resources: {}\n') });
    await new S3Client(emu.clientConfig(PIPELINE)).send(new PutObjectCommand({ Bucket: `xacct-source-${PIPELINE}`, Key: 'app.zip', Body: zip }));
    cp = new CodePipelineClient(emu.clientConfig(PIPELINE));
    reference = (await cp.send(new GetPipelineCommand({ name: 'xacct-pipeline' }))).pipeline!;
    actionRole = reference.stages![1]!.actions!.find((a) => a.roleArn)!.roleArn!;
    pipelineRoleSession = reference.roleArn!;
    const iamB = new IAMClient(emu.clientConfig(TARGET));
    await iamB.send(new CreateRoleCommand({ RoleName: 'fn-role', AssumeRolePolicyDocument: trust({ Service: 'lambda.amazonaws.com' }) }));
    await iamB.send(new PutRolePolicyCommand({ RoleName: 'fn-role', PolicyName: 'report', PolicyDocument: allow(['codepipeline:PutJobSuccessResult', 'codepipeline:PutJobFailureResult']) }));
    await iamB.send(new CreateRoleCommand({ RoleName: 'silent-role', AssumeRolePolicyDocument: trust({ Service: 'lambda.amazonaws.com' }) }));
    const lambdaB = new LambdaClient(emu.clientConfig(TARGET));
    const create = (name: string, role: string) => lambdaB.send(new CreateFunctionCommand({ FunctionName: name, Role: `arn:aws:iam::${TARGET}:role/${role}`, Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: new Uint8Array([1]) } }));
    await create('plain', 'fn-role');
    await create('reporting', 'fn-role');
    await create('unreported', 'silent-role');
    const actionRoleName = actionRole.split('/').pop()!;
    await iamB.send(new PutRolePolicyCommand({ RoleName: actionRoleName, PolicyName: 'invoke-plain', PolicyDocument: allow('lambda:InvokeFunction', [`arn:aws:lambda:us-east-1:${TARGET}:function:plain`, `arn:aws:lambda:us-east-1:${TARGET}:function:reporting`, `arn:aws:lambda:us-east-1:${TARGET}:function:unreported`]) }));
    await new IAMClient(emu.clientConfig(PIPELINE)).send(new PutRolePolicyCommand({ RoleName: reference.roleArn!.split('/').pop()!, PolicyName: 'invoke', PolicyDocument: allow('lambda:InvokeFunction') }));
  });
  afterAll(() => emu.dispose());

  async function run(name: string, action: Partial<ActionDeclaration>) {
    const invoke: ActionDeclaration = { name: 'Invoke', actionTypeId: { category: 'Invoke', owner: 'AWS', provider: 'Lambda', version: '1' }, inputArtifacts: [{ name: 'SourceArtifact' }], ...action };
    await cp.send(new CreatePipelineCommand({ pipeline: { ...reference, name, stages: [reference.stages![0]!, { name: 'Invoke', actions: [invoke] }] } }));
    const { pipelineExecutionId } = await cp.send(new StartPipelineExecutionCommand({ name }));
    const exec = await waitForExecution(emu.emulator, PIPELINE, 'us-east-1', name, pipelineExecutionId!);
    const state = await cp.send(new GetPipelineStateCommand({ name }));
    return { exec, latest: state.stageStates!.find((s) => s.stageName === 'Invoke')!.actionStates![0]!.latestExecution! };
  }

  it('invokes a target-account function as the action role; without supplied code the report says the code did not run', async () => {
    const { exec, latest } = await run('plain', { roleArn: actionRole, configuration: { FunctionName: 'plain' } });
    expect(exec.status).toBe('Succeeded');
    expect(latest.summary).toBe("Invoked plain; the function's code did not run (xacct runs only code a scenario supplies), so the job was not reported by it");
  });

  it("runs a supplied handler with the job event, which reports as the function's execution role", async () => {
    const events: unknown[] = [];
    supplyHandler(emu.emulator.world, `arn:aws:lambda:us-east-1:${TARGET}:function:reporting`, async (event, invocation) => {
      events.push(event);
      const job = (event as { 'CodePipeline.job': { id: string; data: { actionConfiguration: { configuration: { UserParameters?: string } } } } })['CodePipeline.job'];
      const who = await invocation.call<{ Arn: string }>('sts', 'GetCallerIdentity', {});
      if (job.data.actionConfiguration.configuration.UserParameters === 'fail') {
        await invocation.call('codepipeline', 'PutJobFailureResult', { jobId: job.id, failureDetails: { type: 'JobFailed', message: `refused by ${who.Arn}` } });
      } else {
        await invocation.call('codepipeline', 'PutJobSuccessResult', { jobId: job.id, executionDetails: { summary: `deployed by ${who.Arn}` } });
      }
    });
    const ok = await run('reporting', { roleArn: actionRole, configuration: { FunctionName: 'reporting', UserParameters: 'go' } });
    expect(ok.exec.status).toBe('Succeeded');
    expect(ok.latest.summary).toBe(`deployed by arn:aws:sts::${TARGET}:assumed-role/fn-role/reporting`);
    expect(events[0]).toMatchObject({
      'CodePipeline.job': {
        accountId: PIPELINE,
        data: {
          actionConfiguration: { configuration: { FunctionName: 'reporting', UserParameters: 'go' } },
          inputArtifacts: [{ name: 'SourceArtifact', location: { type: 'S3', s3Location: { bucketName: `xacct-artifacts-${PIPELINE}` } } }],
          outputArtifacts: [],
        },
      },
    });
    const failed = await run('reporting-fails', { roleArn: actionRole, configuration: { FunctionName: 'reporting', UserParameters: 'fail' } });
    expect(failed.exec.status).toBe('Failed');
    expect(failed.latest.errorDetails).toEqual({ code: 'JobFailed', message: `refused by arn:aws:sts::${TARGET}:assumed-role/fn-role/reporting` });
  });

  it('fails when the execution role may not report the job (its PutJobSuccessResult is refused)', async () => {
    supplyHandler(emu.emulator.world, `arn:aws:lambda:us-east-1:${TARGET}:function:unreported`, async (event, invocation) => {
      const job = (event as { 'CodePipeline.job': { id: string } })['CodePipeline.job'];
      await invocation.call('codepipeline', 'PutJobSuccessResult', { jobId: job.id });
    });
    const { exec, latest } = await run('unreported', { roleArn: actionRole, configuration: { FunctionName: 'unreported' } });
    expect(exec.status).toBe('Failed');
    expect(latest.errorDetails?.message).toContain(`User: arn:aws:sts::${TARGET}:assumed-role/silent-role/unreported is not authorized to perform: codepipeline:PutJobSuccessResult`);
  });

  it('fails without lambda:InvokeFunction on the action role, with Lambda\'s words', async () => {
    const { exec, latest } = await run('no-grant', { roleArn: actionRole, configuration: { FunctionName: `arn:aws:lambda:us-east-1:${TARGET}:function:other` } });
    expect(exec.status).toBe('Failed');
    // The function does not exist: Lambda answers that before any authorization.
    expect(latest.errorDetails).toEqual({ code: 'JobFailed', message: `Function not found: arn:aws:lambda:us-east-1:${TARGET}:function:other` });
    await new LambdaClient(emu.clientConfig(TARGET)).send(new CreateFunctionCommand({ FunctionName: 'other', Role: `arn:aws:iam::${TARGET}:role/fn-role`, Code: { ZipFile: new Uint8Array([1]) } }));
    const denied = await run('no-grant-2', { roleArn: actionRole, configuration: { FunctionName: `arn:aws:lambda:us-east-1:${TARGET}:function:other` } });
    expect(denied.latest.errorDetails?.message).toMatch(
      new RegExp(`^User: arn:aws:sts::${TARGET}:assumed-role/${actionRole.split('/').pop()}/\\S+ is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:us-east-1:${TARGET}:function:other because no identity-based policy allows the lambda:InvokeFunction action$`),
    );
  });

  it("fails across accounts without lambda:InvokeFunction on the function's policy, and succeeds with it", async () => {
    const fn = `arn:aws:lambda:us-east-1:${TARGET}:function:plain`;
    const denied = await run('no-policy', { configuration: { FunctionName: fn } });
    expect(denied.exec.status).toBe('Failed');
    expect(denied.latest.errorDetails?.message).toMatch(
      new RegExp(`^User: arn:aws:sts::${PIPELINE}:assumed-role/${pipelineRoleSession.split('/').pop()}/\\S+ is not authorized to perform: lambda:InvokeFunction on resource: ${fn} because no resource-based policy allows the lambda:InvokeFunction action$`),
    );
    await new LambdaClient(emu.clientConfig(TARGET)).send(new AddPermissionCommand({ FunctionName: 'plain', StatementId: 'pipeline', Action: 'lambda:InvokeFunction', Principal: pipelineRoleSession }));
    expect((await run('with-policy', { configuration: { FunctionName: fn } })).exec.status).toBe('Succeeded');
  });
});
