/**
 * Issue 22: moto's server (moto[server], pinned in requirements-moto.txt) as a peer, beside xacct on a free loopback
 * port (`moto_server -p PORT`, https://docs.getmoto.org/en/latest/docs/server_mode.html), with the bundled
 * scenarios run through the endpoint backend (harness/runner/backends/endpoint.ts), the peer emptied between
 * scenarios by its reset API (test/peers/peer-backend.ts). The counts asserted here are the README's backends table:
 * change one, change the other.
 * - By default moto does not enforce IAM: the endpoint backend's probe sees a user assume a role whose trust policy
 *   names another account, so every negative scenario is reported not provable.
 * - Its opt-in enforcement (INITIAL_NO_AUTH_ACTION_COUNT, https://docs.getmoto.org/en/latest/docs/iam.html) checks
 *   only access keys moto's own IAM issued: the account-id keys xacct's scenarios use (and AWS's account roots
 *   have no such key) are refused as an invalid token, so the probe itself cannot run and no scenario can.
 * When the peers are not installed the tests fail with what to run (never a silent skip).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendUnavailable } from '../../harness/runner/backends/endpoint.js';
import { peerBackend } from './peer-backend.js';
import { startPeer, type PeerProcess } from './peer-process.js';
import { bundledScenarios, runOnPeer, type PeerSummary } from './summary.js';

describe('moto server as a peer, through the endpoint backend', () => {
  let peer: PeerProcess;
  let summary: PeerSummary;
  let notes: string[];
  let enforcesIam: boolean;

  beforeAll(async () => {
    peer = await startPeer('moto');
    const backend = await peerBackend(peer);
    try {
      notes = backend.notes;
      enforcesIam = backend.capabilities.enforcesIam;
      summary = await runOnPeer(await bundledScenarios(), backend);
    } finally {
      await backend.close();
    }
  }, 300_000);
  afterAll(async () => {
    await peer?.stop();
  });

  it('is probed as not enforcing IAM: a user assumed a role that trusts only another account', () => {
    expect(enforcesIam).toBe(false);
    expect(notes).toContain('IAM enforcement probed: a user of 111111111111 assumed a role that trusts only 333333333333');
  });

  it('every negative scenario is not provable, and so is every positive one that needs pipeline executions; the others fail with the reason recorded', () => {
    const negatives = summary.results.filter((r) => r.expected.outcome === 'denied' && r.status !== 'error').map((r) => r.name);
    // moto stores pipelines but does not run their executions (the endpoint backend's capability probe finds none).
    const needsExecutions = summary.results.filter((r) => r.expected.outcome === 'success' && r.status === 'not-provable');
    expect(Object.fromEntries(needsExecutions.map((r) => [r.name, r.notes.at(-1)]))).toEqual({
      'ecs-codedeploy-pipeline-cross-account': 'not provable on the endpoint backend: the scenario needs codepipelineExecutions, which it lacks',
      'lambda-invoke-action': 'not provable on the endpoint backend: the scenario needs codepipelineExecutions, which it lacks',
      'lambda-invoke-function-policy-granted': 'not provable on the endpoint backend: the scenario needs codepipelineExecutions, which it lacks',
      'pipeline-run': 'not provable on the endpoint backend: the scenario needs codepipelineExecutions, which it lacks',
      'repository-account-source': 'not provable on the endpoint backend: the scenario needs codepipelineExecutions, eventDeliveries, which it lacks',
    });
    expect([...summary.notProvable].sort()).toEqual([...negatives, ...needsExecutions.map((r) => r.name)].sort());
    expect({ total: summary.total, passed: summary.passed.length, notProvable: summary.notProvable.length, failing: Object.keys(summary.failing).length }).toEqual({
      total: 48,
      passed: 0,
      notProvable: 40,
      failing: 8,
    });
    expect(summary.failing).toMatchSnapshot();
  });
});

describe("moto's opt-in IAM enforcement (INITIAL_NO_AUTH_ACTION_COUNT)", () => {
  it.each(['0', '4'])('with INITIAL_NO_AUTH_ACTION_COUNT=%s it refuses the account-id keys, so the probe cannot run', async (count) => {
    const peer = await startPeer('moto', { env: { INITIAL_NO_AUTH_ACTION_COUNT: count } });
    try {
      const failure = await peerBackend(peer).then(
        (b) => b.close(),
        (e: unknown) => e,
      );
      expect(failure).toBeInstanceOf(BackendUnavailable);
      // moto's wording for a key its IAM never issued (InvalidClientTokenId, as AWS words it: errors.jsonl).
      expect((failure as Error).message).toBe(
        `could not probe ${peer.endpoint} for IAM enforcement (The security token included in the request is invalid.); declare it with --no-enforcement`,
      );
    } finally {
      await peer.stop();
    }
  }, 60_000);
});
