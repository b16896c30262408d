/**
 * The workflow a user follows by hand, with Debian's AWS CLI (/usr/bin/aws) as the client nobody here wrote:
 * `xacct serve`, `xacct synth`, `xacct apply`, then the CLI sees the setup in the right accounts (issue 5), runs the
 * pipeline end to end across accounts, and, once the key policy drops the target account, sees the next execution
 * fail at the deploy action with AWS's message (issue 8; errors.jsonl E025 wrapped as E087).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceArtifact } from '../harness/runner/artifact.js';
import { awsJson, type CliCredentials } from './helpers/aws-cli.js';
import { runXacct, startServe, type ServeProcess } from './helpers/serve-process.js';

const PIPELINE = '111111111111';
const TARGET = '222222222222';
const root = (account: string): CliCredentials => ({ accessKeyId: account, secretAccessKey: 'test' });

type KeyPolicy = { Statement: Array<{ Sid?: string; Principal?: { AWS?: string | string[] } }> };

describe('serve, synth, apply, and the pipeline through the AWS CLI', () => {
  let serve: ServeProcess;
  const dir = mkdtempSync(join(tmpdir(), 'xacct-workflow-'));

  beforeAll(async () => {
    serve = await startServe(['--port', '0'], 2);
  }, 30_000);
  afterAll(async () => {
    await serve?.stop();
  });

  it('synthesizes and applies the reference setup, which the CLI then sees in the right accounts', async () => {
    const synth = await runXacct(['synth', '--out', join(dir, 'cdktf.out')], 60_000);
    expect(synth.code, synth.stderr).toBe(0);
    expect(synth.stdout).toContain(join(dir, 'cdktf.out/stacks/xacct-reference/cdk.tf.json'));
    const apply = await runXacct(['apply', join(dir, 'cdktf.out'), '--endpoint', serve.endpoint], 60_000);
    expect(apply.code, apply.stderr).toBe(0);

    const e = serve.endpoint;
    const pipelineRole = await awsJson<{ Role: { AssumeRolePolicyDocument: unknown } }>(e, root(PIPELINE), ['iam', 'get-role', '--role-name', 'codepipeline-service-role']);
    expect(JSON.stringify(pipelineRole.Role.AssumeRolePolicyDocument)).toContain('codepipeline.amazonaws.com');
    const actionRole = await awsJson<{ Role: { AssumeRolePolicyDocument: unknown } }>(e, root(TARGET), ['iam', 'get-role', '--role-name', 'cross-account-action-role']);
    expect(JSON.stringify(actionRole.Role.AssumeRolePolicyDocument)).toContain(PIPELINE);
    const deployRole = await awsJson<{ Role: { AssumeRolePolicyDocument: unknown } }>(e, root(TARGET), ['iam', 'get-role', '--role-name', 'cloudformation-deploy-role']);
    expect(JSON.stringify(deployRole.Role.AssumeRolePolicyDocument)).toContain('cloudformation.amazonaws.com');

    const key = await awsJson<{ KeyMetadata: { Arn: string } }>(e, root(PIPELINE), ['kms', 'describe-key', '--key-id', 'alias/codepipeline-artifacts']);
    const policy = await awsJson<{ Policy: string }>(e, root(PIPELINE), ['kms', 'get-key-policy', '--key-id', key.KeyMetadata.Arn, '--policy-name', 'default']);
    expect(policy.Policy).toContain(`arn:aws:iam::${TARGET}:root`);
    const bucketPolicy = await awsJson<{ Policy: string }>(e, root(PIPELINE), ['s3api', 'get-bucket-policy', '--bucket', `xacct-artifacts-${PIPELINE}`]);
    expect(bucketPolicy.Policy).toContain(`arn:aws:iam::${TARGET}:root`);

    const pipeline = await awsJson<{ pipeline: { stages: Array<{ name: string; actions: Array<{ roleArn?: string }> }> } }>(e, root(PIPELINE), [
      'codepipeline',
      'get-pipeline',
      '--name',
      'xacct-pipeline',
    ]);
    const deploy = pipeline.pipeline.stages.find((s) => s.name === 'Deploy')!;
    expect(deploy.actions.map((a) => a.roleArn)).toEqual([`arn:aws:iam::${TARGET}:role/cross-account-action-role`, `arn:aws:iam::${TARGET}:role/cross-account-action-role`]);
  }, 120_000);

  async function runPipeline(): Promise<string> {
    const e = serve.endpoint;
    const { pipelineExecutionId } = await awsJson<{ pipelineExecutionId: string }>(e, root(PIPELINE), ['codepipeline', 'start-pipeline-execution', '--name', 'xacct-pipeline']);
    for (let i = 0; i < 100; i++) {
      const out = await awsJson<{ pipelineExecution: { status: string } }>(e, root(PIPELINE), [
        'codepipeline',
        'get-pipeline-execution',
        '--pipeline-name',
        'xacct-pipeline',
        '--pipeline-execution-id',
        pipelineExecutionId,
      ]);
      if (out.pipelineExecution.status !== 'InProgress') return out.pipelineExecution.status;
    }
    throw new Error('the execution did not finish');
  }

  it('runs the pipeline end to end: the stack exists in the target account and the files are in its deploy bucket', async () => {
    const e = serve.endpoint;
    const zip = join(dir, 'app.zip');
    writeFileSync(zip, sourceArtifact());
    await awsJson(e, root(PIPELINE), ['s3api', 'put-object', '--bucket', `xacct-source-${PIPELINE}`, '--key', 'app.zip', '--body', zip]);
    expect(await runPipeline()).toBe('Succeeded');
    const stacks = await awsJson<{ Stacks: Array<{ StackStatus: string }> }>(e, root(TARGET), ['cloudformation', 'describe-stacks', '--stack-name', 'xacct-app']);
    expect(stacks.Stacks[0]!.StackStatus).toBe('CREATE_COMPLETE');
    const objects = await awsJson<{ Contents: Array<{ Key: string }> }>(e, root(TARGET), ['s3api', 'list-objects-v2', '--bucket', `xacct-deploy-${TARGET}`]);
    expect(objects.Contents.map((o) => o.Key).sort()).toEqual(['app.js', 'index.html', 'template.yaml']);
  }, 120_000);

  it('fails the next execution at the deploy action once the key policy drops the target account', async () => {
    const e = serve.endpoint;
    const key = await awsJson<{ KeyMetadata: { Arn: string } }>(e, root(PIPELINE), ['kms', 'describe-key', '--key-id', 'alias/codepipeline-artifacts']);
    const current = JSON.parse((await awsJson<{ Policy: string }>(e, root(PIPELINE), ['kms', 'get-key-policy', '--key-id', key.KeyMetadata.Arn, '--policy-name', 'default'])).Policy) as KeyPolicy;
    const names = (s: KeyPolicy['Statement'][number]) => [s.Principal?.AWS ?? []].flat();
    current.Statement = current.Statement.filter((s) => !names(s).includes(`arn:aws:iam::${TARGET}:root`));
    const file = join(dir, 'key-policy.json');
    writeFileSync(file, JSON.stringify(current));
    await awsJson(e, root(PIPELINE), ['kms', 'put-key-policy', '--key-id', key.KeyMetadata.Arn, '--policy-name', 'default', '--policy', `file://${file}`]);

    expect(await runPipeline()).toBe('Failed');
    const state = await awsJson<{ stageStates: Array<{ stageName: string; actionStates: Array<{ actionName: string; latestExecution?: { status: string; errorDetails?: { code: string; message: string } } }> }> }>(
      e,
      root(PIPELINE),
      ['codepipeline', 'get-pipeline-state', '--name', 'xacct-pipeline'],
    );
    const deploy = state.stageStates.find((s) => s.stageName === 'Deploy')!;
    const failed = deploy.actionStates.find((a) => a.latestExecution?.status === 'Failed')!;
    expect(failed.latestExecution!.errorDetails!.code).toBe('JobFailed');
    expect(failed.latestExecution!.errorDetails!.message).toMatch(
      /^The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access\. \(Service: Amazon S3; Status Code: 403; Error Code: AccessDenied; Request ID: [0-9A-F]{16}; S3 Extended Request ID: \S+\)$/,
    );
  }, 120_000);
});
