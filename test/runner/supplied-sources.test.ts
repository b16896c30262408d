/**
 * Repository content for sources outside AWS reaches a run's pipelines: `xacct run --source` (RunOptions.sources)
 * or a scenario's `sources` is supplied before the setup is applied, so the execution a pipeline's creation starts
 * (trigger CreatePipeline, as in AWS) reads it through a CodeStar connection and deploys it across accounts on the
 * reference setup. Without it, the source action fails with xacct's message saying how to supply it (our wording:
 * AWS would read the repository itself; harness/services/codepipeline/actions/supplied-source.ts).
 */
import { CodePipelineClient, CreatePipelineCommand, GetPipelineCommand, GetPipelineStateCommand, ListPipelineExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { CodeStarConnectionsClient, CreateConnectionCommand } from '@aws-sdk/client-codestar-connections';
import { IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../harness/cli/run.js';
import { UsageError } from '../../harness/cli/io.js';
import { sourceArtifact } from '../../harness/runner/artifact.js';
import { embeddedBackend } from '../../harness/runner/backends/embedded.js';
import { defineScenario, handoff } from '../../harness/runner/index.js';
import { runScenarios } from '../../harness/runner/runner.js';
import type { Step, WorldHandle } from '../../harness/runner/scenario.js';

const PIPELINE = 'from-connection';

/** A pipeline like the applied reference one whose source is a GitHub repository through a connection. */
async function connectionPipeline(world: WorldHandle): Promise<void> {
  const n = world.names;
  const root = world.clientConfig(n.pipelineAccount);
  const { ConnectionArn } = await new CodeStarConnectionsClient(root).send(new CreateConnectionCommand({ ConnectionName: 'github', ProviderType: 'GitHub' }));
  const roleName = n.pipelineRoleArn.split('/').pop()!;
  await new IAMClient(root).send(
    new PutRolePolicyCommand({
      RoleName: roleName,
      PolicyName: 'use-connection',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'codestar-connections:UseConnection', Resource: ConnectionArn }] }),
    }),
  );
  const cp = new CodePipelineClient(root);
  const reference = (await cp.send(new GetPipelineCommand({ name: n.pipelineName }))).pipeline!;
  const [source, ...rest] = reference.stages!;
  const action = source!.actions![0]!;
  await cp.send(
    new CreatePipelineCommand({
      pipeline: {
        ...reference,
        name: PIPELINE,
        stages: [
          {
            name: source!.name,
            actions: [
              {
                ...action,
                actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeStarSourceConnection', version: '1' },
                configuration: { ConnectionArn: ConnectionArn!, FullRepositoryId: 'octo/app', BranchName: 'main' },
              },
            ],
          },
          ...rest,
        ],
      },
    }),
  );
}

/** Waits for the run the pipeline's creation started, and fails with its failed action's error as the console shows it. */
const creationRun: Step = {
  id: 'creation-run',
  title: 'The execution the pipeline creation started reads the repository through the connection and deploys it',
  principal: (n) => `arn:aws:iam::${n.pipelineAccount}:root (reads the execution)`,
  async run(ctx) {
    const cp = new CodePipelineClient(ctx.world.clientConfig(ctx.names.pipelineAccount));
    let status = 'InProgress';
    for (let i = 0; i < 2000 && status === 'InProgress'; i++) {
      const list = await cp.send(new ListPipelineExecutionsCommand({ pipelineName: PIPELINE }));
      status = list.pipelineExecutionSummaries!.find((e) => e.trigger?.triggerType === 'CreatePipeline')!.status!;
      if (status === 'InProgress') await new Promise((r) => setTimeout(r, 5));
    }
    if (status === 'Succeeded') return;
    const state = await cp.send(new GetPipelineStateCommand({ name: PIPELINE }));
    const failed = state.stageStates!.flatMap((s) => s.actionStates ?? []).find((a) => a.latestExecution?.status === 'Failed')!.latestExecution!;
    throw new handoff.StepFailure(failed.errorDetails!.code!, undefined, failed.errorDetails!.message!);
  },
};

const scenario = (sources?: Array<{ zip: Uint8Array }>) =>
  defineScenario({
    name: 'connection-source',
    title: 'A GitHub repository through a CodeStar connection deploys across accounts',
    source: { title: 'CodeStarSourceConnection action reference', url: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodestarConnectionSource.html' },
    prepare: connectionPipeline,
    sources,
    steps: [creationRun],
    expect: { outcome: 'success' },
  });

describe('repository content supplied to a run', () => {
  it('reaches the creation run of a connection-sourced pipeline, from the run options or the scenario', async () => {
    const fromRun = await runScenarios([{ scenario: scenario() }], { backend: embeddedBackend(), sources: [{ zip: sourceArtifact() }] });
    expect(fromRun[0]).toMatchObject({ status: 'passed', steps: [{ id: 'creation-run', status: 'ok' }] });
    const fromScenario = await runScenarios([{ scenario: scenario([{ zip: sourceArtifact() }]) }], { backend: embeddedBackend() });
    expect(fromScenario[0]).toMatchObject({ status: 'passed' });
  });

  it('fails at the source with how to supply the content when none is supplied', async () => {
    const [result] = await runScenarios([{ scenario: scenario() }], { backend: embeddedBackend() });
    expect(result).toMatchObject({ status: 'failed', stoppedAt: 'creation-run' });
    expect(result!.error).toEqual({
      code: 'JobFailed',
      status: undefined,
      message:
        "xacct cannot reach repository octo/app (branch main): supply its content as a folder or a .zip, with `xacct run --source DIR`, a scenario's `sources`, or supplySource() from the library",
    });
  });

  it('reads --source as a folder or a .zip, for one repository and branch or for any', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xacct-source-'));
    mkdirSync(join(dir, 'app'));
    writeFileSync(join(dir, 'app.zip'), sourceArtifact());
    expect(parseSource(join(dir, 'app'))).toEqual({ path: join(dir, 'app') });
    expect(parseSource(`octo/app@main=${join(dir, 'app.zip')}`)).toEqual({ path: join(dir, 'app.zip'), repository: 'octo/app', branch: 'main' });
    expect(parseSource(`octo/app=${join(dir, 'app')}`)).toEqual({ path: join(dir, 'app'), repository: 'octo/app' });
    expect(() => parseSource(join(dir, 'missing'))).toThrow(UsageError);
    writeFileSync(join(dir, 'notes.txt'), 'x');
    expect(() => parseSource(join(dir, 'notes.txt'))).toThrow(`--source ${join(dir, 'notes.txt')}: give a folder or a .zip file`);
  });
});
