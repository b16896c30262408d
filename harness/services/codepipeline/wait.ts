/**
 * Awaiting an execution's end, for tests, the scenario runner and benchmarks (AWS has no such call: clients poll
 * GetPipelineExecution). Resolves with the execution once its status is final.
 */
import type { Emulator } from '../../core/emulator.js';
import { World } from '../../world/world.js';
import { codePipelineStore, FINAL_STATUSES, type ExecutionRecord } from './store.js';

export async function waitForExecution(
  target: Emulator | World,
  account: string,
  region: string,
  pipelineName: string,
  executionId: string,
  timeoutMs = 30_000,
): Promise<ExecutionRecord> {
  const world = target instanceof World ? target : target.world;
  const acct = world.account(account);
  if (!acct) throw new Error(`no account ${account}`);
  const exec = codePipelineStore(acct, region)
    .pipelines.get(pipelineName)
    ?.executions.find((e) => e.pipelineExecutionId === executionId);
  if (!exec) throw new Error(`no execution ${executionId} of pipeline ${pipelineName} in ${account}/${region}`);
  // A deadline on real waiting, not a timestamp: the monotonic clock, so a test's frozen emulator clock cannot make it wait forever.
  const deadline = performance.now() + timeoutMs;
  let timer: NodeJS.Timeout | undefined;
  try {
    // A retried stage re-arms `done`, so wait again until the status is final.
    while (!FINAL_STATUSES.has(exec.status)) {
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`execution ${executionId} of ${pipelineName} did not finish within ${timeoutMs} ms (status ${exec.status})`);
      await Promise.race([exec.running?.done, new Promise((r) => (timer = setTimeout(r, left)))]);
      clearTimeout(timer);
    }
    return exec;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The execution a pipeline's creation started (trigger type CreatePipeline), once its status is final: a test's or
 * a runner's first run of a pipeline it has just created.
 */
export async function waitForCreationExecution(target: Emulator | World, account: string, region: string, pipelineName: string, timeoutMs = 30_000): Promise<ExecutionRecord> {
  const world = target instanceof World ? target : target.world;
  const acct = world.account(account);
  const first = acct && codePipelineStore(acct, region).pipelines.get(pipelineName)?.executions.find((e) => e.trigger.triggerType === 'CreatePipeline');
  if (!first) throw new Error(`pipeline ${pipelineName} in ${account}/${region} has no execution started by its creation`);
  return waitForExecution(world, account, region, pipelineName, first.pipelineExecutionId, timeoutMs);
}
