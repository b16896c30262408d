/**
 * A setup is applied once per run and copied into the worlds of later scenarios with the same setup (embedded
 * backend). Each scenario must still start from the setup as applied: nothing an earlier scenario did is visible,
 * a setup that cannot be copied is applied again, and a setup AWS refuses is refused for every scenario.
 */
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { embeddedBackend } from '../../harness/runner/backends/embedded.js';
import type { Backend } from '../../harness/runner/backends/backend.js';
import { defineScenario, handoff } from '../../harness/runner/index.js';
import { runScenarios } from '../../harness/runner/runner.js';
import type { BackendWorld, Step } from '../../harness/runner/scenario.js';
import { NotCopyable } from '../../harness/world/snapshot.js';

const PIPELINE_ROLE = 'arn:aws:iam::111111111111:role/codepipeline-service-role';
const ACTION_ROLE = 'arn:aws:iam::222222222222:role/cross-account-action-role';

interface Counts {
  applied: number;
  copied: number;
}

/** The embedded backend, counting worlds built fresh (the setup is applied) and from a copy. */
function counting(o: { copyable?: boolean } = {}): { backend: Backend; counts: Counts } {
  const inner = embeddedBackend();
  const counts: Counts = { applied: 0, copied: 0 };
  const backend: Backend = {
    ...inner,
    async newWorld(accounts, from) {
      if (from) counts.copied++;
      else counts.applied++;
      const world = await inner.newWorld(accounts, from);
      if (o.copyable === false) {
        return {
          ...world,
          snapshot: async () => {
            throw new NotCopyable('world.test is a function');
          },
        } satisfies BackendWorld;
      }
      return world;
    },
  };
  return { backend, counts };
}

/** Fails with the deploy bucket's keys when it is not empty, as a step that AWS would refuse. */
const deployBucketIsEmpty: Step = {
  id: 'deploy-bucket-empty',
  title: 'The deploy bucket holds nothing yet',
  principal: (n) => `arn:aws:iam::${n.targetAccount}:root`,
  async run(ctx) {
    const out = await new S3Client(ctx.world.clientConfig(ctx.names.targetAccount)).send(new ListObjectsV2Command({ Bucket: ctx.names.deployBucket }));
    const keys = (out.Contents ?? []).map((c) => c.Key);
    if (keys.length > 0) throw new handoff.StepFailure('NotEmpty', 409, `deploy bucket holds ${keys.join(', ')}`);
  },
};

const deploys = defineScenario({
  name: 'deploys',
  title: 'S3 deploy writes the site into the deploy bucket',
  source: { title: 'test fixture' },
  steps: [...handoff.s3DeployHandoff(), { ...deployBucketIsEmpty, id: 'deploy-bucket-written' }],
  expect: { outcome: 'denied', step: 'deploy-bucket-written', code: 'NotEmpty', status: 409, message: 'deploy bucket holds app.js, index.html, template.yaml' },
});

const startsClean = (name: string) =>
  defineScenario({
    name,
    title: 'A later scenario with the same setup sees the setup as applied, not the earlier deploy',
    source: { title: 'test fixture' },
    steps: [deployBucketIsEmpty],
    expect: { outcome: 'success' },
  });

describe('setups applied once per run and copied', () => {
  it('applies a setup once and gives every later scenario with it a world of its own', async () => {
    const { backend, counts } = counting();
    const list = [deploys, startsClean('clean-1'), startsClean('clean-2')].map((scenario) => ({ scenario }));
    const results = await runScenarios(list, { backend, concurrency: 1 });
    expect(results.map((r) => [r.name, r.status, r.diff])).toEqual([
      ['deploys', 'passed', []],
      ['clean-1', 'passed', []],
      ['clean-2', 'passed', []],
    ]);
    expect(counts).toEqual({ applied: 1, copied: 2 });
  });

  it('waits for a setup being applied by a concurrent scenario instead of applying it twice', async () => {
    const { backend, counts } = counting();
    const list = ['a', 'b', 'c', 'd'].map((n) => ({ scenario: startsClean(n) }));
    const results = await runScenarios(list, { backend, concurrency: 4 });
    expect(results.map((r) => r.status)).toEqual(['passed', 'passed', 'passed', 'passed']);
    expect(counts).toEqual({ applied: 1, copied: 3 });
  });

  it('applies each different setup for itself', async () => {
    const { backend, counts } = counting();
    const other = defineScenario({ ...startsClean('other-setup'), setup: { grants: { pipelineRoleS3: false } } });
    const results = await runScenarios([{ scenario: startsClean('reference') }, { scenario: other }], { backend, concurrency: 1 });
    expect(results.map((r) => r.status)).toEqual(['passed', 'passed']);
    expect(counts).toEqual({ applied: 2, copied: 0 });
  });

  it('applies the setup again for each scenario when the world cannot be copied', async () => {
    const { backend, counts } = counting({ copyable: false });
    const list = [deploys, startsClean('clean-1')].map((scenario) => ({ scenario }));
    const results = await runScenarios(list, { backend, concurrency: 1 });
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['deploys', 'passed'],
      ['clean-1', 'passed'],
    ]);
    expect(counts).toEqual({ applied: 2, copied: 0 });
  });

  it('reports a setup AWS refuses for every scenario that uses it', async () => {
    const { backend, counts } = counting();
    // CodePipeline refuses a pipeline whose role may not assume the action role (errors.jsonl E092).
    const refused = (name: string) =>
      defineScenario({
        name,
        title: 'The pipeline role may not assume the action role',
        source: { title: 'test fixture' },
        setup: { grants: { pipelineRoleAssumeTargetRoles: false } },
        steps: [deployBucketIsEmpty],
        expect: {
          outcome: 'denied',
          step: 'apply',
          code: 'InvalidStructureException',
          status: 400,
          message: `${PIPELINE_ROLE} is not authorized to perform AssumeRole on role ${ACTION_ROLE}`,
        },
      });
    const results = await runScenarios([{ scenario: refused('first') }, { scenario: refused('second') }], { backend, concurrency: 1 });
    expect(results.map((r) => [r.name, r.status, r.stoppedAt, r.error])).toEqual(
      ['first', 'second'].map((n) => [
        n,
        'passed',
        'apply',
        {
          code: 'InvalidStructureException',
          status: 400,
          message: `${PIPELINE_ROLE} is not authorized to perform AssumeRole on role ${ACTION_ROLE}`,
        },
      ]),
    );
    expect(counts).toEqual({ applied: 2, copied: 0 });
  });
});
