/**
 * The hand-off's write-artifact step writes as the writer of the artifact the deploy actions read (issue 17): on a
 * pipeline whose deploy reads a source action's output, and that action has its own roleArn, CodePipeline's pipeline
 * role session assumes that role, which writes the artifact with the store's key
 * (https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html). The names say so
 * (names.writer, derived from the applied pipeline as `xacct check` derives its write-artifact hops); here a step sets
 * them on the reference setup, whose action role in the target account may not write into the artifact bucket.
 */
import { describe, expect, it } from 'vitest';
import { defineScenario, handoff, type Step } from '../../harness/runner/index.js';
import { runScenarioTest } from '../../harness/testing/vitest.js';

const source = { title: 'AWS CodePipeline User Guide: create a pipeline that uses resources from another AWS account', url: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html' };

const sourceActionWrites: Step = {
  id: 'name-writer',
  title: 'The source action Source/Fetch, with the action role as its roleArn, writes the artifact the deploy reads',
  principal: () => '-',
  async run(ctx) {
    ctx.names.writer = { stage: 'Source', action: 'Fetch', kind: 'action-role', roleArn: ctx.names.actionRoleArn };
  },
};

describe('write-artifact on a pipeline whose deploy reads a source action role’s output', () => {
  it('the pipeline role assumes that role, which writes; the report names it', async () => {
    const result = await runScenarioTest(
      defineScenario({
        name: 'source-action-role-writes',
        title: 'A source action with its own role writes the artifact',
        source,
        steps: [handoff.assumePipelineRole(), sourceActionWrites, handoff.writeArtifact()],
        // S3 answers a cross-account caller the bucket policy does not grant with the bare "Access Denied"
        // (errors.jsonl E022: S3 gives its detailed messages to same-account callers only).
        expect: { outcome: 'denied', step: 'write-artifact', code: 'AccessDenied', status: 403, message: 'Access Denied' },
      }),
    );
    expect(result.status, result.diff.join('\n')).toBe('passed');
    const write = result.steps.find((s) => s.id === 'write-artifact')!;
    expect(write.principal).toBe('arn:aws:iam::222222222222:role/cross-account-action-role (session)');
    expect(write.title).toBe('The action role of Source/Fetch, assumed by the pipeline role, writes the artifact the deploy reads to the artifact bucket');
    expect(result.notes).toContain('write-artifact: the pipeline role assumes arn:aws:iam::222222222222:role/cross-account-action-role, the role of Source/Fetch, which writes the artifact');
  });

  it('a scenario about the pipeline role’s own write does not apply there, and says why', async () => {
    const result = await runScenarioTest(
      defineScenario({
        name: 'pipeline-role-write-only',
        title: 'The pipeline role writes',
        source,
        steps: [handoff.assumePipelineRole(), sourceActionWrites, handoff.writeArtifact({ pipelineRoleWrites: true })],
        expect: { outcome: 'success' },
      }),
    );
    expect(result.status).toBe('not-applicable');
    expect(result.notes.at(-1)).toBe(
      'not applicable: step "write-artifact" found nothing to act for: the pipeline role of xacct-pipeline writes no artifact the deploy reads: the action Source/Fetch writes it as its role arn:aws:iam::222222222222:role/cross-account-action-role',
    );
  });
});
