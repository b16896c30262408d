/**
 * A pipeline deploying to a test account and then a prod account (issue 17 item 4): the hand-off steps act for every
 * cross-account deploy action in turn, so prod missing from the artifact bucket's policy is found at the prod hop
 * (before, the steps used the first CloudFormation action only and reported success), and a scenario can name the
 * action it acts for.
 * The refusal is S3's for a cross-account GetObject the bucket policy does not grant: 403 AccessDenied "Access
 * Denied" (errors.jsonl E021; the same wording as scenarios/bucket-policy-missing-target-account.scenario.ts).
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { embeddedBackend } from '../../harness/runner/backends/embedded.js';
import { defineScenario, handoff } from '../../harness/runner/index.js';
import { runScenarios } from '../../harness/runner/runner.js';

const stacks = { kind: 'module' as const, file: resolve(import.meta.dirname, '../fixtures/two-target-stacks/main.ts') };
const source = { title: 'test fixture: a two-target pipeline' };

describe('a two-target pipeline', () => {
  it('tests each target in turn and finds the prod hop the bucket policy does not grant; a scenario can pick one action', async () => {
    const every = defineScenario({
      name: 'every-target',
      title: 'every target',
      source,
      steps: handoff.cloudFormationHandoff(),
      expect: { outcome: 'denied', step: 'read-artifact', code: 'AccessDenied', status: 403, message: 'Access Denied' },
    });
    const testOnly = defineScenario({ name: 'test-only', title: 'test only', source, steps: handoff.cloudFormationHandoff({ action: 'Deploy-test' }), expect: { outcome: 'success' } });
    const prodOnly = defineScenario({
      name: 'prod-only',
      title: 'prod only',
      source,
      steps: handoff.cloudFormationHandoff({ stage: 'Prod', action: 'Deploy-prod' }),
      expect: { outcome: 'denied', step: 'read-artifact', code: 'AccessDenied', status: 403, message: 'Access Denied' },
    });
    const [e, t, p] = await runScenarios([{ scenario: every }, { scenario: testOnly }, { scenario: prodOnly }], { backend: embeddedBackend(), stacks, concurrency: 1 });
    expect([e, t, p].map((r) => [r!.name, r!.status, r!.diff])).toEqual([
      ['every-target', 'passed', []],
      ['test-only', 'passed', []],
      ['prod-only', 'passed', []],
    ]);
    // The report names the role each step used, for each action.
    expect(e!.notes).toEqual(
      expect.arrayContaining([
        'assume-action-role: for stage Test, action Deploy-test, as arn:aws:iam::222222222222:role/cross-account-action-role',
        'assume-action-role: for stage Prod, action Deploy-prod, as arn:aws:iam::555555555555:role/cross-account-action-role',
        'read-artifact: for stage Test, action Deploy-test, as arn:aws:iam::222222222222:role/cross-account-action-role',
        'read-artifact: for stage Prod, action Deploy-prod, as arn:aws:iam::555555555555:role/cross-account-action-role',
        'read-artifact failed for stage Prod, action Deploy-prod (role arn:aws:iam::555555555555:role/cross-account-action-role)',
      ]),
    );
    expect(e!.steps.find((s) => s.id === 'read-artifact')!.principal).toBe(
      'arn:aws:iam::222222222222:role/cross-account-action-role (session, Deploy-test), arn:aws:iam::555555555555:role/cross-account-action-role (session, Deploy-prod)',
    );
    expect(t!.steps.find((s) => s.id === 'deploy-cloudformation')!.principal).toBe('arn:aws:iam::222222222222:role/cross-account-action-role (session)');
  });

  it('keeps each stage\'s action-role session apart when the stages name their actions alike (as CDK Pipelines does)', async () => {
    // Both stages' actions are named "Deploy". The sessions were keyed by action name only, so Prod's replaced Test's
    // and the Test hop read as the prod role: the failure was reported for stage Test. Keyed by pipeline/stage/action,
    // the Test hop reads as the test role and succeeds, and the Prod hop is the one refused.
    const same = { kind: 'module' as const, file: resolve(import.meta.dirname, '../fixtures/two-target-stacks/same-action-names.ts') };
    const every = defineScenario({
      name: 'every-target-same-names',
      title: 'every target, actions named alike',
      source,
      steps: handoff.cloudFormationHandoff(),
      expect: { outcome: 'denied', step: 'read-artifact', code: 'AccessDenied', status: 403, message: 'Access Denied' },
    });
    const testOnly = defineScenario({ name: 'test-stage-only', title: 'test stage', source, steps: handoff.cloudFormationHandoff({ stage: 'Test' }), expect: { outcome: 'success' } });
    const [e, t] = await runScenarios([{ scenario: every }, { scenario: testOnly }], { backend: embeddedBackend(), stacks: same, concurrency: 1 });
    expect([e, t].map((r) => [r!.name, r!.status, r!.diff])).toEqual([
      ['every-target-same-names', 'passed', []],
      ['test-stage-only', 'passed', []],
    ]);
    expect(e!.notes.filter((n) => n.startsWith('read-artifact'))).toEqual([
      'read-artifact: for stage Test, action Deploy, as arn:aws:iam::222222222222:role/cross-account-action-role',
      'read-artifact: for stage Prod, action Deploy, as arn:aws:iam::555555555555:role/cross-account-action-role',
      'read-artifact failed for stage Prod, action Deploy (role arn:aws:iam::555555555555:role/cross-account-action-role)',
    ]);
  });

  it('says which actions the pipeline has when a selector matches none', async () => {
    const none = defineScenario({ name: 'no-such-action', title: 'none', source, steps: handoff.cloudFormationHandoff({ action: 'Deploy-staging' }), expect: { outcome: 'success' } });
    const [r] = await runScenarios([{ scenario: none }], { backend: embeddedBackend(), stacks });
    expect(r!.status).toBe('error');
    expect(r!.diff).toEqual([
      'the scenario could not run: no cross-account CloudFormation deploy action matches {"action":"Deploy-staging"} (the pipeline xacct-pipeline has: Test/Deploy-test, Prod/Deploy-prod)',
    ]);
  });
});
