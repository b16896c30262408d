/**
 * `xacct run --backend endpoint --no-reset` (issue 17 item 6): the runner acts on a world built by hand on a running
 * `xacct serve` — nothing reset, nothing applied, the hand-off's names derived from the pipeline that world holds.
 * Each scenario starts from that world as it was before the run (a copy the server keeps), so a mutation in one is
 * not seen by the next, and the server holds the hand-built world again when the run ends. A scenario with
 * mutations works there; one that needs a setup variant (switches of the stacks) is not applicable.
 * The expected AWS errors are the bundled scenarios' own (their files cite the sources).
 */
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { GetBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpointBackend } from '../../harness/runner/backends/endpoint.js';
import { defineScenario, handoff } from '../../harness/runner/index.js';
import { loadScenarios } from '../../harness/runner/load.js';
import { runScenarios } from '../../harness/runner/runner.js';
import { synthReferenceSetup } from '../../stacks/reference-setup.js';
import { runXacct, startServe, type ServeProcess } from '../helpers/serve-process.js';

const ROOT = resolve(import.meta.dirname, '../..');
const scenarioFile = (n: string) => resolve(ROOT, `scenarios/${n}.scenario.ts`);

describe('--no-reset on a world built by hand', () => {
  let serve: ServeProcess;
  let ca: string;
  beforeAll(async () => {
    serve = await startServe(['--port', '0', '--https-port', '0'], 2);
    ca = readFileSync(serve.caFile!, 'utf8');
  });
  afterAll(async () => {
    await serve.stop();
  });

  it('derives the names from the pipeline in that world, isolates the scenarios, and leaves the world as it was', async () => {
    const backend = await endpointBackend({ endpoint: serve.httpsEndpoint!, ca, adminToken: serve.adminToken });
    // The world, built by hand: the reference setup under names no scenario knows, applied by the user.
    const prep = await backend.newWorld([
      { name: 'pipeline', id: '111111111111' },
      { name: 'target', id: '222222222222' },
    ]);
    const { apply } = await import('../../harness/apply/index.js');
    await apply([synthReferenceSetup({ names: { pipeline: 'hand-built', artifactBucket: 'hand-built-artifacts' } })] as object[], { resolver: { clientConfig: (id: string) => prep.clientConfig(id) } });

    const loaded = await loadScenarios(['bucket-policy-missing-target-account', 'cloudformation-deploy', 'external-id-not-met'].map(scenarioFile));
    // A scenario with switches of the stacks (a user's own) needs them applied.
    const switched = defineScenario<{ prodGrant?: boolean }>({
      name: 'switched-setup',
      title: 'a setup variant',
      source: { title: 'test fixture' },
      setup: { prodGrant: false },
      steps: handoff.cloudFormationHandoff(),
      expect: { outcome: 'denied', step: 'read-artifact', code: 'AccessDenied', status: 403, message: 'Access Denied' },
    });
    const results = await runScenarios([...loaded, { scenario: switched }], { backend, noReset: true });
    await backend.close();
    expect(results.map((r) => [r.name, r.status, r.diff])).toEqual([
      ['bucket-policy-missing-target-account', 'passed', []],
      // It starts from the hand-built world, not from the one the mutation changed.
      ['cloudformation-deploy', 'passed', []],
      // Its mutation and the refusal of the re-declared pipeline, on the hand-built world.
      ['external-id-not-met', 'passed', []],
      ['switched-setup', 'not-applicable', []],
    ]);
    expect(results[0]!.notes).toContain('mutation: removed arn:aws:iam::222222222222:root (statement AllowTargetAccountObjects) from the policy of bucket hand-built-artifacts');
    expect(results[3]!.notes).toContain(
      'not applicable: its setup variant must be applied, and --no-reset applies nothing (a scenario with mutations instead works on any world)',
    );
    // The server holds the hand-built world again: the bucket policy still grants the target account.
    const policy = await new S3Client(prep.clientConfig('111111111111')).send(new GetBucketPolicyCommand({ Bucket: 'hand-built-artifacts' }));
    expect(policy.Policy).toContain('arn:aws:iam::222222222222:root');
  }, 120_000);

  it('is a usage error without --backend endpoint', async () => {
    const r = await runXacct(['run', scenarioFile('cloudformation-deploy'), '--no-reset'], 60_000);
    expect(r.stderr).toContain('--no-reset acts on the world a running xacct serve holds: use it with --backend endpoint --endpoint <url>');
    expect(r.code).toBe(2);
  }, 70_000);
});
