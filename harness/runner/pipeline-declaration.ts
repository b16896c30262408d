/**
 * Re-declaring an applied pipeline: GetPipeline, an edit of the declaration, UpdatePipeline, as the pipeline
 * account's root (https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_UpdatePipeline.html). CodePipeline
 * validates an UpdatePipeline as it validates a CreatePipeline: the structure, and that the pipeline role can assume
 * every action role (errors.jsonl E092 names both operations). So a change made after the pipeline was created (a
 * mutation) meets the creation-time check when the pipeline is declared again, the `update-pipeline` step.
 */
import { CodePipelineClient, GetPipelineCommand, UpdatePipelineCommand, type PipelineDeclaration } from '@aws-sdk/client-codepipeline';
import type { HandoffNames } from './names.js';
import type { BackendWorld, Step } from './scenario.js';

/** The pipelines the hand-off acts for: the one the names describe and each target's. */
export function pipelinesOf(n: HandoffNames): string[] {
  return [...new Set([n.pipelineName, ...n.targets.map((t) => t.pipeline ?? n.pipelineName)])];
}

/**
 * Reads a pipeline's declaration, lets `edit` change it (returning one line per change), and submits it with
 * UpdatePipeline when something changed. Returns the changes.
 */
export async function redeclare(world: BackendWorld, account: string, name: string, edit: (p: PipelineDeclaration) => string[]): Promise<string[]> {
  const cp = new CodePipelineClient(world.clientConfig(account));
  const out = await cp.send(new GetPipelineCommand({ name }));
  const pipeline = out.pipeline!;
  const changed = edit(pipeline);
  if (changed.length > 0) await cp.send(new UpdatePipelineCommand({ pipeline }));
  return changed;
}

/** A step: the pipeline account declares each pipeline again, unchanged (UpdatePipeline), and CodePipeline validates it. */
export function updatePipeline(): Step {
  return {
    id: 'update-pipeline',
    title: 'The pipeline account declares the pipeline again (UpdatePipeline), which CodePipeline validates as it validates CreatePipeline',
    principal: (n) => `arn:aws:iam::${n.pipelineAccount}:root`,
    async run(ctx) {
      const cp = new CodePipelineClient(ctx.world.clientConfig(ctx.names.pipelineAccount));
      for (const name of pipelinesOf(ctx.names)) {
        const out = await cp.send(new GetPipelineCommand({ name }));
        await cp.send(new UpdatePipelineCommand({ pipeline: out.pipeline! }));
      }
    },
  };
}
