/**
 * Issue 22: LocalStack Community (localstack-core[runtime], pinned in requirements-localstack.txt) as a peer, run on
 * the host the way its developers run it (`python -m localstack.runtime.main`, listening where GATEWAY_LISTEN says,
 * https://docs.localstack.cloud/references/configuration/), on a free loopback port.
 * - The bundled positive scenarios and one negative one (pipeline-role-missing-s3, to show it is not provable)
 *   through the endpoint backend, each on a fresh LocalStack (a restart costs seconds, so not all 40 run: every
 *   negative scenario is not provable on a backend that does not enforce IAM, whatever it answers) (Community has no state reset:
 *   /_localstack/state/reset is LocalStack Pro's, so peer-process.ts restarts it on the same port). LocalStack Community does not enforce IAM (ENFORCE_IAM needs a licence,
 *   https://docs.localstack.cloud/user-guide/security-testing/iam-enforcement/): the probe decides, and every
 *   negative scenario is then not provable. The counts asserted here are the README's backends table.
 * - Services the scenarios call that LocalStack Community does not serve on the host are recorded from its own
 *   answer: CodePipeline (501 InternalFailure "...not included in your current license plan..."), which every
 *   positive scenario's setup creates.
 * - `xacct run --backend localstack --endpoint URL` uses this running LocalStack (no Docker).
 * When the peers are not installed the tests fail with what to run (never a silent skip).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runningLocalstackBackend } from '../../harness/runner/backends/localstack.js';
import { BackendUnavailable } from '../../harness/runner/backends/endpoint.js';
import { runXacct } from '../helpers/serve-process.js';
import { peerBackend } from './peer-backend.js';
import { startPeer, type PeerProcess } from './peer-process.js';
import { bundledScenarios, positive, runOnPeer, type PeerSummary } from './summary.js';

describe('LocalStack on the host as a peer', () => {
  let peer: PeerProcess;

  beforeAll(async () => {
    peer = await startPeer('localstack');
  }, 180_000);
  afterAll(async () => {
    await peer?.stop();
  });

  describe('the bundled scenarios through the endpoint backend', () => {
    let summary: PeerSummary;
    let notes: string[];
    let enforcesIam: boolean;

    beforeAll(async () => {
      const backend = await peerBackend(peer);
      try {
        notes = backend.notes;
        enforcesIam = backend.capabilities.enforcesIam;
        summary = await runOnPeer(await bundledScenarios((l) => positive(l) || l.scenario.name === 'pipeline-role-missing-s3'), backend);
      } finally {
        await backend.close();
      }
    }, 600_000);

    it('is probed as not enforcing IAM', () => {
      expect(enforcesIam).toBe(false);
      expect(notes).toContain('IAM enforcement probed: a user of 111111111111 assumed a role that trusts only 333333333333');
    });

    it('the negative scenario is not provable, and so are the positive ones needing executions or deliveries; the others fail where LocalStack Community lacks CodePipeline, as it says', () => {
      const counts = { total: summary.total, passed: summary.passed.length, notProvable: summary.notProvable.length, failing: Object.keys(summary.failing).length };
      // ecs-codedeploy-pass-role-granted needs an enforcing backend too: ECS's iam:PassRole check is what it proves.
      // The others need what the endpoint backend's probe does not find on it: pipeline executions, event deliveries.
      expect(summary.notProvable).toEqual([
        'ecs-codedeploy-pass-role-granted',
        'ecs-codedeploy-pipeline-cross-account',
        'lambda-invoke-action',
        'lambda-invoke-function-policy-granted',
        'pipeline-role-missing-s3',
        'pipeline-run',
        'repository-account-source',
      ]);
      expect(counts).toEqual({ total: 10, passed: 0, notProvable: 7, failing: 3 });
      // LocalStack's own answer: CodePipeline is not in Community (every positive scenario's setup creates a pipeline).
      for (const why of Object.values(summary.failing)) {
        expect(why).toBe(
          'failed at apply: InternalFailure (501) The API for service codepipeline is either not included in your current license plan or has not yet been emulated by LocalStack.',
        );
      }
      expect(Object.keys(summary.failing)).toEqual(['cloudformation-deploy', 'key-policy-names-pipeline-role', 's3-deploy']);
    });
  });

  it('`xacct run --backend localstack --endpoint URL` uses it without Docker; Community cannot be reset, so a second scenario is an error saying so', async () => {
    await peer.reset();
    const r = await runXacct(
      ['run', 'scenarios/pipeline-role-missing-s3.scenario.ts', 'scenarios/s3-deploy.scenario.ts', '--backend', 'localstack', '--endpoint', peer.endpoint],
      180_000,
    );
    expect(r.stderr).toContain(`xacct: LocalStack running at ${peer.endpoint}: each scenario resets it where it can (POST /_localstack/state/reset, LocalStack Pro)`);
    expect(r.stderr).toContain('xacct: the localstack backend does not enforce IAM: negative scenarios will be reported as not provable');
    expect(r.stdout).toMatch(/│ pipeline-role-missing-s3 +│ not provable +│/);
    expect(r.stdout).toContain(
      `the LocalStack at ${peer.endpoint} cannot be reset (POST /_localstack/state/reset answered 404: LocalStack Community has no state reset) and still holds the previous scenario's roles, keys and buckets; run one scenario per fresh LocalStack`,
    );
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('0 passed, 1 failed, 1 not provable');
  }, 200_000);
});

describe('--backend localstack --endpoint at something that is not LocalStack', () => {
  it('is refused at once, saying what it is not', async () => {
    const moto = await startPeer('moto');
    try {
      const failure = await runningLocalstackBackend(moto.endpoint).then(
        (b) => b.close(),
        (e: unknown) => e,
      );
      expect(failure).toBeInstanceOf(BackendUnavailable);
      expect((failure as Error).message).toBe(
        `${moto.endpoint} is not LocalStack: GET /_localstack/health answered 404; use --backend endpoint for other AWS-compatible endpoints`,
      );
    } finally {
      await moto.stop();
    }
  }, 60_000);
});
