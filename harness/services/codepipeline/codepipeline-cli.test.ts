/**
 * The wire format against a client nobody here wrote: Debian's AWS CLI v2 (/usr/bin/aws) talking to an HTTP
 * emulator. create-pipeline / get-pipeline / list-pipelines / start-pipeline-execution / get-pipeline-execution,
 * list-pipeline-executions (the creation's execution, trigger CreatePipeline, pipelines-about-starting.html),
 * and create-pipeline refused with InvalidStructureException when the pipeline role cannot assume the action role
 * (errors.jsonl E092).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { createPrincipals, PIPELINE_ACCOUNT, PIPELINE_ROLE, referencePipeline, TARGET_ACCOUNT } from './test-fixtures.js';
import { waitForCreationExecution, waitForExecution } from './wait.js';

const run = promisify(execFile);

describe('CodePipeline with /usr/bin/aws', () => {
  let emu: RunningEmulator;
  let dir: string;

  beforeAll(async () => {
    emu = await startEmulator({ transport: 'http' });
    await createPrincipals(emu);
    await new S3Client(emu.clientConfig(PIPELINE_ACCOUNT)).send(new CreateBucketCommand({ Bucket: `xacct-artifacts-${PIPELINE_ACCOUNT}` }));
    dir = await mkdtemp(join(tmpdir(), 'xacct-cp-cli-'));
  });
  afterAll(() => emu.dispose());

  const aws = (...args: string[]) =>
    run('/usr/bin/aws', ['--endpoint-url', emu.endpoint, '--output', 'json', 'codepipeline', ...args], {
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: process.env['HOME'] ?? '/tmp',
        AWS_ACCESS_KEY_ID: PIPELINE_ACCOUNT,
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_CONFIG_FILE: '/nonexistent/xacct-aws-config',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/xacct-aws-credentials',
        AWS_PAGER: '',
      },
    });

  const pipelineFile = async (name: string, actionRole?: string) => {
    const file = join(dir, `${name}.json`);
    await writeFile(file, JSON.stringify({ pipeline: referencePipeline({ name, actionRole }) }));
    return `file://${file}`;
  };

  it('creates, reads and lists a pipeline, and starts an execution', async () => {
    const created = JSON.parse((await aws('create-pipeline', '--cli-input-json', await pipelineFile('cli-pipeline'))).stdout);
    expect(created.pipeline.version).toBe(1);
    const got = JSON.parse((await aws('get-pipeline', '--name', 'cli-pipeline')).stdout);
    expect(got.metadata.pipelineArn).toBe(`arn:aws:codepipeline:us-east-1:${PIPELINE_ACCOUNT}:cli-pipeline`);
    expect(got.pipeline.stages[1].actions[0].roleArn).toBe(`arn:aws:iam::${TARGET_ACCOUNT}:role/cross-account-action-role`);
    const listed = JSON.parse((await aws('list-pipelines')).stdout);
    expect(listed.pipelines.map((p: { name: string }) => p.name)).toEqual(['cli-pipeline']);
    const started = JSON.parse((await aws('start-pipeline-execution', '--name', 'cli-pipeline')).stdout);
    expect(started.pipelineExecutionId).toMatch(/^[0-9a-f-]{36}$/);
    await waitForExecution(emu.emulator, PIPELINE_ACCOUNT, 'us-east-1', 'cli-pipeline', started.pipelineExecutionId);
    const exec = JSON.parse(
      (await aws('get-pipeline-execution', '--pipeline-name', 'cli-pipeline', '--pipeline-execution-id', started.pipelineExecutionId)).stdout,
    );
    expect(exec.pipelineExecution.pipelineExecutionId).toBe(started.pipelineExecutionId);
    expect(['Succeeded', 'Failed']).toContain(exec.pipelineExecution.status);
  });

  it('lists the execution the creation started (trigger CreatePipeline) beside the one started by hand', async () => {
    await waitForCreationExecution(emu.emulator, PIPELINE_ACCOUNT, 'us-east-1', 'cli-pipeline');
    const listed = JSON.parse((await aws('list-pipeline-executions', '--pipeline-name', 'cli-pipeline')).stdout);
    expect(listed.pipelineExecutionSummaries.map((e: { trigger: { triggerType: string } }) => e.trigger.triggerType)).toEqual(['StartPipelineExecution', 'CreatePipeline']);
  });

  it('refuses an action role the pipeline role cannot assume (E092)', async () => {
    const closed = `arn:aws:iam::${TARGET_ACCOUNT}:role/closed-role`;
    const err = await aws('create-pipeline', '--cli-input-json', await pipelineFile('cli-closed', closed)).then(
      () => undefined,
      (e: { stderr: string; code: number }) => e,
    );
    expect(err?.code).toBe(254);
    expect(err?.stderr.trim()).toBe(
      `An error occurred (InvalidStructureException) when calling the CreatePipeline operation: ${PIPELINE_ROLE} is not authorized to perform AssumeRole on role ${closed}`,
    );
  });
});
