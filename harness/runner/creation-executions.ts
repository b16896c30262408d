/**
 * A pipeline starts an execution when it is created, as in AWS ("When a pipeline is created, a pipeline execution
 * starts automatically", https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-about-starting.html).
 * The runner lets those first runs end before it copies the applied world or runs any step, so that no step races
 * them (a step uploading the source while the creation's run reads it) and every scenario starts from the same
 * state. A run waiting at a manual approval waits for a person: it counts as settled.
 * Read through the API, so it works on any backend that emulates CodePipeline.
 */
import { CodePipelineClient, ListActionExecutionsCommand, ListPipelineExecutionsCommand, ListPipelinesCommand } from '@aws-sdk/client-codepipeline';
import type { BackendWorld } from './scenario.js';

const RUNNING = new Set(['InProgress', 'Stopping']);

async function running(cp: CodePipelineClient, pipelineName: string): Promise<boolean> {
  const executions = (await cp.send(new ListPipelineExecutionsCommand({ pipelineName }))).pipelineExecutionSummaries ?? [];
  for (const e of executions.filter((x) => RUNNING.has(x.status ?? ''))) {
    const actions = (await cp.send(new ListActionExecutionsCommand({ pipelineName, filter: { pipelineExecutionId: e.pipelineExecutionId } }))).actionExecutionDetails ?? [];
    const busy = actions.filter((a) => a.status === 'InProgress');
    if (e.status === 'Stopping' || busy.length === 0 || busy.some((a) => a.input?.actionTypeId?.category !== 'Approval')) return true;
  }
  return false;
}

/** Resolves once no pipeline of `accounts` has an execution running (other than one waiting for an approval). */
export async function settleCreationExecutions(world: BackendWorld, accounts: string[], timeoutMs = 30_000): Promise<void> {
  if (!world.has('codepipeline')) return;
  const deadline = performance.now() + timeoutMs;
  for (const account of accounts) {
    const cp = new CodePipelineClient(world.clientConfig(account));
    const names = ((await cp.send(new ListPipelinesCommand({}))).pipelines ?? []).map((p) => p.name!);
    for (const name of names) {
      while (await running(cp, name)) {
        if (performance.now() > deadline) throw new Error(`the execution that creating pipeline ${name} started did not end within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 5));
      }
    }
  }
}
