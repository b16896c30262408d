/**
 * Wall time of pipeline executions in the embedded emulator (issue 8): one full execution of the reference
 * pipeline (applied from the CDKTF stacks: S3 source, then CloudFormation and S3 deploy actions in the target
 * account as its action role), and 50 concurrent executions across 50 copies of that pipeline, each deploying its
 * own stack. The executions' final statuses are reported next to the timings.
 * Run alone: `node --import tsx bench/codepipeline.bench.ts`.
 */
import { CodePipelineClient, CreatePipelineCommand, GetPipelineCommand, StartPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { pathToFileURL } from 'node:url';
import { apply } from '../harness/apply/index.js';
import { startEmulator, type RunningEmulator } from '../harness/index.js';
import { sourceArtifact } from '../harness/runner/artifact.js';
import { waitForCreationExecution, waitForExecution } from '../harness/services/codepipeline/wait.js';
import { synthReferenceSetup } from '../stacks/reference-setup.js';

const PIPELINE = '111111111111';

async function execute(emu: RunningEmulator, cp: CodePipelineClient, names: string[]): Promise<Record<string, number>> {
  const ids = await Promise.all(names.map((name) => cp.send(new StartPipelineExecutionCommand({ name }))));
  const done = await Promise.all(ids.map((o, i) => waitForExecution(emu.emulator, PIPELINE, emu.region, names[i]!, o.pipelineExecutionId!)));
  const statuses: Record<string, number> = {};
  for (const e of done) statuses[e.status] = (statuses[e.status] ?? 0) + 1;
  return statuses;
}

export async function benchCodePipeline(): Promise<Record<string, unknown>> {
  await using emu = await startEmulator();
  await apply(synthReferenceSetup(), { resolver: { clientConfig: (id) => emu.clientConfig(id) } });
  // Creating a pipeline starts its first run (as in AWS): each ends before anything is timed.
  await waitForCreationExecution(emu.emulator, PIPELINE, emu.region, 'xacct-pipeline');
  await new S3Client(emu.clientConfig(PIPELINE)).send(new PutObjectCommand({ Bucket: `xacct-source-${PIPELINE}`, Key: 'app.zip', Body: sourceArtifact() }));
  const cp = new CodePipelineClient(emu.clientConfig(PIPELINE));
  const reference = (await cp.send(new GetPipelineCommand({ name: 'xacct-pipeline' }))).pipeline!;
  const names = Array.from({ length: 50 }, (_, i) => `bench-${i}`);
  for (const name of names) {
    // Each copy deploys its own stack, so the concurrent executions do not update one stack at once.
    const stages = reference.stages!.map((s) => ({
      ...s,
      actions: s.actions!.map((a) => (a.configuration?.['StackName'] ? { ...a, configuration: { ...a.configuration, StackName: `${name}-app` } } : a)),
    }));
    await cp.send(new CreatePipelineCommand({ pipeline: { ...reference, name, stages } }));
  }
  await Promise.all(names.map((name) => waitForCreationExecution(emu.emulator, PIPELINE, emu.region, name)));

  let start = performance.now();
  const one = await execute(emu, cp, ['xacct-pipeline']);
  const oneMs = performance.now() - start;
  start = performance.now();
  const fifty = await execute(emu, cp, names);
  const fiftyMs = performance.now() - start;
  return {
    benchmark: 'CodePipeline executions of the reference pipeline (in-process)',
    'one execution ms': Number(oneMs.toFixed(1)),
    'one execution status': one,
    '50 concurrent executions ms': Number(fiftyMs.toFixed(1)),
    '50 concurrent statuses': fifty,
    target: 'one execution < 1000 ms',
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await benchCodePipeline());
