/**
 * handoff.runPipeline() on a pipeline whose source is a CodeCommit repository: it commits the sample app to the
 * source branch and runs the pipeline from that commit, as its users run it. What starts the run follows the
 * pipeline: polling when its source polls the branch (PollForSourceChanges not "false", the default:
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/PollForSourceChanges-defaults.html), an EventBridge rule
 * targeting the pipeline (the CDK Pipelines app in test/cdk-pipelines.test.ts), or, with neither, the step itself
 * (StartPipelineExecution). The execution records what started it (API_ExecutionTrigger.html). A repository the setup
 * lacks leaves the step nothing to commit to: not applicable.
 */
import { CodeCommitClient, CreateRepositoryCommand, GetFileCommand } from '@aws-sdk/client-codecommit';
import { CodePipelineClient, CreatePipelineCommand, ListPipelineExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../harness/index.js';
import { runPipeline } from '../../harness/runner/handoff.js';
import type { HandoffNames } from '../../harness/runner/names.js';
import type { StepContext } from '../../harness/runner/scenario.js';
import { allow, codeCommitPipeline, createPrincipals, PIPELINE_ACCOUNT } from '../../harness/services/codepipeline/test-fixtures.js';
import { SITE_FILES } from '../../harness/runner/artifact.js';

const ARTIFACTS = `run-cc-artifacts-${PIPELINE_ACCOUNT}`;
const DEPLOY = `run-cc-deploy-${PIPELINE_ACCOUNT}`;

describe('runPipeline on a CodeCommit source', () => {
  let emu: RunningEmulator;
  let cp: CodePipelineClient;

  beforeAll(async () => {
    emu = await startEmulator({ transport: 'in-process' });
    await createPrincipals(emu);
    await new IAMClient(emu.clientConfig(PIPELINE_ACCOUNT)).send(
      new PutRolePolicyCommand({ RoleName: 'codepipeline-service-role', PolicyName: 'codecommit', PolicyDocument: allow('codecommit:*') }),
    );
    const s3 = new S3Client(emu.clientConfig(PIPELINE_ACCOUNT));
    await s3.send(new CreateBucketCommand({ Bucket: ARTIFACTS }));
    await s3.send(new CreateBucketCommand({ Bucket: DEPLOY }));
    cp = new CodePipelineClient(emu.clientConfig(PIPELINE_ACCOUNT));
  });
  afterAll(() => emu.dispose());

  /** Each execution of the pipeline, newest first: what started it, and how it ended. */
  async function triggers(name: string): Promise<string[]> {
    return ((await cp.send(new ListPipelineExecutionsCommand({ pipelineName: name }))).pipelineExecutionSummaries ?? []).map((e) => `${e.trigger?.triggerType} ${e.status}`);
  }

  /** A pipeline reading `repository`'s main branch (created empty, unless `exists` is false), and a step context for it. */
  async function pipelineOn(name: string, repository: string, poll: string, exists = true) {
    if (exists) await new CodeCommitClient(emu.clientConfig(PIPELINE_ACCOUNT)).send(new CreateRepositoryCommand({ repositoryName: repository }));
    await cp.send(
      new CreatePipelineCommand({
        pipeline: codeCommitPipeline({ name, artifactBucket: ARTIFACTS, deployBucket: DEPLOY, configuration: { RepositoryName: repository, BranchName: 'main', PollForSourceChanges: poll } }),
      }),
    );
    // The run creating the pipeline starts ends first, as the runner lets it end before any step (creation-executions.ts).
    while ((await triggers(name)).some((t) => t.endsWith('InProgress'))) await new Promise((r) => setTimeout(r, 5));
    const notes: string[] = [];
    const names = { pipelineAccount: PIPELINE_ACCOUNT, pipelineName: name, region: 'us-east-1', source: { provider: 'CodeCommit', stage: 'Source', action: 'App' } } as HandoffNames;
    const world = { clientConfig: (id: string) => emu.clientConfig(id), explain: async () => undefined };
    const ctx = { world, names, sessions: new Map(), state: new Map(), note: (t: string) => notes.push(t) } as unknown as StepContext;
    return { ctx, notes };
  }


  it('starts the run itself where nothing else would: no polling, no rule', async () => {
    const { ctx, notes } = await pipelineOn('cc-unpolled', 'unpolled', 'false');
    await runPipeline().run(ctx);
    expect(notes[0]).toBe(`run-pipeline: committed the sample app to unpolled@main in ${PIPELINE_ACCOUNT}`);
    // Newest first: the step's run succeeded; the one creating the pipeline started failed (the branch did not exist).
    expect(await triggers('cc-unpolled')).toEqual(['StartPipelineExecution Succeeded', 'CreatePipeline Failed']);
    const file = await new CodeCommitClient(emu.clientConfig(PIPELINE_ACCOUNT)).send(new GetFileCommand({ repositoryName: 'unpolled', commitSpecifier: 'main', filePath: 'index.html' }));
    expect(new TextDecoder().decode(file.fileContent)).toBe(SITE_FILES['index.html']);
  });

  it('lets the commit start the run where the source polls the branch', async () => {
    const { ctx } = await pipelineOn('cc-polled', 'polled', 'true');
    await runPipeline().run(ctx);
    expect(await triggers('cc-polled')).toEqual(['PollForSourceChanges Succeeded', 'CreatePipeline Failed']);
  });

  it('is not applicable where the repository does not exist', async () => {
    const { ctx } = await pipelineOn('cc-missing', 'missing', 'false', false);
    await expect(runPipeline().run(ctx)).rejects.toMatchObject({
      name: 'NotApplicable',
      message: `the pipeline cc-missing's source repository missing does not exist in ${PIPELINE_ACCOUNT} (the setup does not create it): run-pipeline has nothing to commit to`,
    });
  });
});
