/**
 * Wall time of pipeline executions in the embedded emulator (issue 8): one full execution of the reference
 * pipeline, and 50 concurrent executions across 50 pipelines. The setup (roles, buckets, source object) is made
 * with the real SDKs; the final status of the executions is reported next to the timings, since an action whose
 * service is not emulated yet (S3, CloudFormation) ends the execution early.
 * Run alone: `node --import tsx bench/codepipeline.bench.ts`.
 */
import { CodePipelineClient, CreatePipelineCommand, StartPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { CreateBucketCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { strToU8, zipSync } from 'fflate';
import { pathToFileURL } from 'node:url';
import { startEmulator, type RunningEmulator } from '../harness/index.js';
import { waitForExecution } from '../harness/services/codepipeline/wait.js';
import { createPrincipals, PIPELINE_ACCOUNT, referencePipeline, TARGET_ACCOUNT } from '../harness/services/codepipeline/test-fixtures.js';

const TEMPLATE = 'Resources:\n  AppBucket:\n    Type: AWS::S3::Bucket\n';

async function setup(emu: RunningEmulator): Promise<void> {
  await createPrincipals(emu);
  if (!emu.emulator.services.has('s3')) return;
  const a = new S3Client(emu.clientConfig(PIPELINE_ACCOUNT));
  const b = new S3Client(emu.clientConfig(TARGET_ACCOUNT));
  for (const bucket of [`xacct-artifacts-${PIPELINE_ACCOUNT}`, `xacct-source-${PIPELINE_ACCOUNT}`]) {
    await a.send(new CreateBucketCommand({ Bucket: bucket }));
    await a.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
  }
  await b.send(new CreateBucketCommand({ Bucket: `xacct-deploy-${TARGET_ACCOUNT}` }));
  const zip = zipSync({ 'template.yaml': strToU8(TEMPLATE), 'index.html': strToU8('<h1>xacct</h1>') });
  await a.send(new PutObjectCommand({ Bucket: `xacct-source-${PIPELINE_ACCOUNT}`, Key: 'app.zip', Body: zip }));
}

async function execute(emu: RunningEmulator, cp: CodePipelineClient, names: string[]): Promise<Record<string, number>> {
  const ids = await Promise.all(names.map((name) => cp.send(new StartPipelineExecutionCommand({ name }))));
  const done = await Promise.all(ids.map((o, i) => waitForExecution(emu.emulator, PIPELINE_ACCOUNT, emu.region, names[i]!, o.pipelineExecutionId!)));
  const statuses: Record<string, number> = {};
  for (const e of done) statuses[e.status] = (statuses[e.status] ?? 0) + 1;
  return statuses;
}

export async function benchCodePipeline(): Promise<Record<string, unknown>> {
  await using emu = await startEmulator({ transport: 'in-process' });
  await setup(emu);
  const cp = new CodePipelineClient(emu.clientConfig(PIPELINE_ACCOUNT));
  const names = Array.from({ length: 50 }, (_, i) => `bench-${i}`);
  await cp.send(new CreatePipelineCommand({ pipeline: referencePipeline() }));
  for (const name of names) await cp.send(new CreatePipelineCommand({ pipeline: referencePipeline({ name }) }));

  let start = performance.now();
  const one = await execute(emu, cp, ['xacct-pipeline']);
  const oneMs = performance.now() - start;
  start = performance.now();
  const fifty = await execute(emu, cp, names);
  const fiftyMs = performance.now() - start;
  return {
    benchmark: 'CodePipeline execution of the reference pipeline (in-process)',
    oneExecutionMs: Number(oneMs.toFixed(1)),
    oneExecutionStatus: one,
    fiftyConcurrentExecutionsMs: Number(fiftyMs.toFixed(1)),
    fiftyConcurrentStatuses: fifty,
    s3Emulated: emu.emulator.services.has('s3'),
    cloudFormationEmulated: emu.emulator.services.has('cloudformation'),
    target: 'one execution < 1000 ms',
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await benchCodePipeline(), null, 2));
}
