/**
 * Polling for source changes (polling.ts): a CodeCommit source without PollForSourceChanges polls (the default for
 * pipelines created with the CLI or CloudFormation:
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/PollForSourceChanges-defaults.html), so a commit to its
 * branch starts an execution, trigger PollForSourceChanges
 * (https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_ExecutionTrigger.html); one with
 * PollForSourceChanges "false" does not. xacct polls when the pipeline is looked at; a head already seen starts
 * nothing, and a role that may not read the branch polls nothing.
 */
import { CodeCommitClient, CreateCommitCommand, CreateRepositoryCommand, GetBranchCommand, PutFileCommand } from '@aws-sdk/client-codecommit';
import { CodePipelineClient, CreatePipelineCommand, GetPipelineStateCommand, ListPipelineExecutionsCommand, type PipelineDeclaration } from '@aws-sdk/client-codepipeline';
import { DeleteRolePolicyCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { allow, codeCommitPipeline, createPrincipals, PIPELINE_ACCOUNT } from './test-fixtures.js';
import { waitForCreationExecution } from './wait.js';

const ARTIFACTS = `polled-artifacts-${PIPELINE_ACCOUNT}`;
const DEPLOY = `polled-deploy-${PIPELINE_ACCOUNT}`;

function pipeline(name: string, poll?: 'false'): PipelineDeclaration {
  return codeCommitPipeline({ name, artifactBucket: ARTIFACTS, deployBucket: DEPLOY, configuration: { RepositoryName: 'app', BranchName: 'main', ...(poll ? { PollForSourceChanges: poll } : {}) } });
}

describe.each(['in-process', 'http'] as const)('polling a CodeCommit source over %s', (transport) => {
  let emu: RunningEmulator;
  let cp: CodePipelineClient;
  let cc: CodeCommitClient;
  let iam: IAMClient;

  const triggers = async (name: string) => ((await cp.send(new ListPipelineExecutionsCommand({ pipelineName: name }))).pipelineExecutionSummaries ?? []).map((e) => e.trigger);
  async function commit(content: string): Promise<void> {
    const parent = (await cc.send(new GetBranchCommand({ repositoryName: 'app', branchName: 'main' }))).branch!.commitId!;
    await cc.send(new PutFileCommand({ repositoryName: 'app', branchName: 'main', parentCommitId: parent, filePath: 'index.html', fileContent: new TextEncoder().encode(content), commitMessage: content }));
  }

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    await createPrincipals(emu);
    iam = new IAMClient(emu.clientConfig(PIPELINE_ACCOUNT));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'codepipeline-service-role', PolicyName: 'codecommit', PolicyDocument: allow('codecommit:*') }));
    const s3 = new S3Client(emu.clientConfig(PIPELINE_ACCOUNT));
    await s3.send(new CreateBucketCommand({ Bucket: ARTIFACTS }));
    await s3.send(new CreateBucketCommand({ Bucket: DEPLOY }));
    cc = new CodeCommitClient(emu.clientConfig(PIPELINE_ACCOUNT));
    await cc.send(new CreateRepositoryCommand({ repositoryName: 'app' }));
    await cc.send(new CreateCommitCommand({ repositoryName: 'app', branchName: 'main', commitMessage: 'first', putFiles: [{ filePath: 'index.html', fileContent: new TextEncoder().encode('first') }] }));
    cp = new CodePipelineClient(emu.clientConfig(PIPELINE_ACCOUNT));
    await cp.send(new CreatePipelineCommand({ pipeline: pipeline('polled') }));
    await cp.send(new CreatePipelineCommand({ pipeline: pipeline('quiet', 'false') }));
    for (const name of ['polled', 'quiet']) expect((await waitForCreationExecution(emu.emulator, PIPELINE_ACCOUNT, 'us-east-1', name)).status).toBe('Succeeded');
  });
  afterAll(() => emu.dispose());

  it('starts nothing while the branch is where the last execution read it', async () => {
    expect(await triggers('polled')).toEqual([{ triggerType: 'CreatePipeline', triggerDetail: `arn:aws:iam::${PIPELINE_ACCOUNT}:root` }]);
  });

  it('starts one execution after a commit, trigger PollForSourceChanges, and none for a source that does not poll', async () => {
    await commit('second');
    expect(await triggers('polled')).toEqual([
      { triggerType: 'PollForSourceChanges', triggerDetail: 'App' },
      { triggerType: 'CreatePipeline', triggerDetail: `arn:aws:iam::${PIPELINE_ACCOUNT}:root` },
    ]);
    // Looked at again: the head was seen.
    expect(await triggers('polled')).toHaveLength(2);
    // GetPipelineState looks too; a source that does not poll starts nothing.
    expect((await cp.send(new GetPipelineStateCommand({ name: 'quiet' }))).stageStates).toHaveLength(2);
    expect(await triggers('quiet')).toEqual([{ triggerType: 'CreatePipeline', triggerDetail: `arn:aws:iam::${PIPELINE_ACCOUNT}:root` }]);
  });

  it('polls nothing while the pipeline role may not read the branch, and starts once it may', async () => {
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'codepipeline-service-role', PolicyName: 'codecommit' }));
    await commit('third');
    expect(await triggers('polled')).toHaveLength(2);
    await iam.send(new PutRolePolicyCommand({ RoleName: 'codepipeline-service-role', PolicyName: 'codecommit', PolicyDocument: allow('codecommit:*') }));
    expect((await triggers('polled'))[0]).toEqual({ triggerType: 'PollForSourceChanges', triggerDetail: 'App' });
    expect(await triggers('polled')).toHaveLength(3);
  });
});
