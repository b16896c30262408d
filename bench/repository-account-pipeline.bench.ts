/**
 * Wall time of issue 15's target pipeline in the embedded emulator ("Performance"): the reference pipeline (applied
 * from the CDKTF stacks) with its S3 source replaced by a CodeCommit source in a third repository account (run as a
 * role there, cross-account roleArn) and a CodeBuild stage (the buildspec's commands not run) before its
 * cross-account CloudFormation (and S3) deploys, set up as the repository-account scenarios set it up
 * (scenarios/repository-account.ts, scenarios/codebuild-stage.ts). Timed: an execution started by
 * StartPipelineExecution until Succeeded, and a commit in the repository account until the execution it starts
 * through EventBridge has Succeeded; beside the reference pipeline's own execution, all warm (after a first run),
 * each the median of 5 sequential runs.
 * Run alone: `node --import tsx bench/repository-account-pipeline.bench.ts`.
 */
import { CodeCommitClient, GetBranchCommand, PutFileCommand } from '@aws-sdk/client-codecommit';
import { CodePipelineClient, ListPipelineExecutionsCommand, StartPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { pathToFileURL } from 'node:url';
import { apply } from '../harness/apply/index.js';
import { startEmulator, type RunningEmulator } from '../harness/index.js';
import { sourceArtifact } from '../harness/runner/artifact.js';
import { handoffNames } from '../harness/runner/names.js';
import type { WorldHandle } from '../harness/runner/scenario.js';
import { waitForCreationExecution, waitForExecution } from '../harness/services/codepipeline/wait.js';
import { DEFAULT_ACCOUNTS } from '../harness/world/world.js';
import { resolveOptions } from '../stacks/options.js';
import { synthReferenceSetup } from '../stacks/reference-setup.js';
import { addBuildStage } from '../scenarios/codebuild-stage.js';
import { prepareRepositoryAccountSource, REPOSITORY, REPOSITORY_ACCOUNT } from '../scenarios/repository-account.js';

const PIPELINE = '111111111111';
const NAME = 'xacct-pipeline';
const RUNS = 5;

type Run = { ms: number; status: string };

/** The median of RUNS sequential runs, with every run's status. */
async function median(run: (i: number) => Promise<Run>): Promise<{ ms: number; statuses: string[] }> {
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await run(i));
  const sorted = runs.map((r) => r.ms).sort((a, b) => a - b);
  return { ms: sorted[Math.floor(RUNS / 2)]!, statuses: [...new Set(runs.map((r) => r.status))] };
}

async function started(emu: RunningEmulator, cp: CodePipelineClient): Promise<Run> {
  const start = performance.now();
  const { pipelineExecutionId } = await cp.send(new StartPipelineExecutionCommand({ name: NAME }));
  const exec = await waitForExecution(emu.emulator, PIPELINE, emu.region, NAME, pipelineExecutionId!);
  return { ms: Number((performance.now() - start).toFixed(1)), status: exec.status };
}

async function committed(emu: RunningEmulator, cp: CodePipelineClient, n: number): Promise<Run> {
  const cc = new CodeCommitClient(emu.clientConfig(REPOSITORY_ACCOUNT));
  const ids = async () => ((await cp.send(new ListPipelineExecutionsCommand({ pipelineName: NAME }))).pipelineExecutionSummaries ?? []).map((e) => e.pipelineExecutionId!);
  const before = new Set(await ids());
  const head = (await cc.send(new GetBranchCommand({ repositoryName: REPOSITORY, branchName: 'main' }))).branch!.commitId!;
  const start = performance.now();
  await cc.send(new PutFileCommand({ repositoryName: REPOSITORY, branchName: 'main', parentCommitId: head, filePath: 'VERSION', fileContent: new TextEncoder().encode(String(n)), commitMessage: `release ${n}` }));
  await emu.emulator.eventsDelivered();
  const id = (await ids()).find((e) => !before.has(e));
  if (!id) throw new Error('the commit started no execution');
  const exec = await waitForExecution(emu.emulator, PIPELINE, emu.region, NAME, id);
  return { ms: Number((performance.now() - start).toFixed(1)), status: exec.status };
}

export async function benchRepositoryAccountPipeline(): Promise<Record<string, unknown>> {
  await using emu = await startEmulator({ accounts: [...DEFAULT_ACCOUNTS, { name: 'repository', id: REPOSITORY_ACCOUNT }] });
  await apply(synthReferenceSetup(), { resolver: { clientConfig: (id) => emu.clientConfig(id) } });
  await waitForCreationExecution(emu.emulator, PIPELINE, emu.region, NAME);
  const root = emu.clientConfig(PIPELINE);
  await new S3Client(root).send(new PutObjectCommand({ Bucket: `xacct-source-${PIPELINE}`, Key: 'app.zip', Body: sourceArtifact() }));
  const cp = new CodePipelineClient(root);
  // The first execution loads CloudFormation's template engine and the SDK paths: the timings are of warm runs.
  await started(emu, cp);
  const reference = await median(() => started(emu, cp));

  const options = resolveOptions();
  const key = (await new KMSClient(root).send(new DescribeKeyCommand({ KeyId: options.names.keyAlias }))).KeyMetadata!;
  // What the scenario helpers use of a runner's world: client configs and the reference setup's names.
  const world = { clientConfig: emu.clientConfig, names: handoffNames(options, { arn: key.Arn!, id: key.KeyId! }) } as unknown as WorldHandle;
  await prepareRepositoryAccountSource(world);
  await addBuildStage(world);
  await started(emu, cp);
  const target = await median(() => started(emu, cp));
  const fromCommit = await median((i) => committed(emu, cp, i));
  return {
    benchmark: 'CodeCommit source in another account, CodeBuild (commands not run), cross-account CloudFormation deploy (in-process)',
    'reference pipeline ms (median of 5)': reference.ms,
    'reference statuses': reference.statuses,
    'CodeCommit + CodeBuild + deploy ms (median of 5)': target.ms,
    'CodeCommit + CodeBuild + deploy statuses': target.statuses,
    'from the commit, through EventBridge, ms (median of 5)': fromCommit.ms,
    'from the commit statuses': fromCommit.statuses,
    target: 'CodeCommit + CodeBuild + deploy < 300 ms',
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await benchRepositoryAccountPipeline());
