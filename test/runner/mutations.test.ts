/**
 * Negative variants as mutations of the applied world (issue 17 item 4): the bundled negative scenarios give their
 * failures on a user's own stacks (other accounts and names; every negative on a Terraform setup unlike the reference:
 * user-setup-scenarios.test.ts), a mutation that finds nothing to change makes the scenario "not applicable", never
 * passed, in every report, and says what it looked for; removeAction edits attached managed policies too.
 * The expected AWS errors are the bundled scenarios' own (their files cite the sources).
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { embeddedBackend } from '../../harness/runner/backends/embedded.js';
import { defineScenario, handoff, mutations } from '../../harness/runner/index.js';
import { loadScenarios } from '../../harness/runner/load.js';
import { renderJunit } from '../../harness/runner/reporters/junit.js';
import { summarize, summaryLine } from '../../harness/runner/reporters/summary.js';
import { renderTable } from '../../harness/runner/reporters/table.js';
import { runScenarios } from '../../harness/runner/runner.js';

const ROOT = resolve(import.meta.dirname, '../..');
const userStacks = { kind: 'module' as const, file: resolve(ROOT, 'test/fixtures/user-stacks/main.ts') };

describe('mutations', () => {
  it("give the bundled negative scenarios' failures on a user's stacks", async () => {
    const names = [
      'bucket-policy-missing-target-account',
      'key-policy-missing-target-account',
      'action-role-missing-kms-decrypt',
      'action-role-missing-pass-role',
      'deploy-role-not-trusting-cloudformation',
      'pipeline-role-missing-kms',
      'key-policy-target-without-decrypt',
      'action-role-trust-missing-pipeline-account',
      'artifact-aws-managed-key',
      'cloudformation-role-in-other-account',
      'external-id-not-met',
      'key-policy-explicit-deny',
      'pipeline-role-missing-assume-role',
      'pipeline-run-aws-managed-key',
      'pipeline-run-cloudformation-role-other-account',
    ];
    const loaded = await loadScenarios(names.map((n) => resolve(ROOT, `scenarios/${n}.scenario.ts`)));
    const results = await runScenarios(loaded, { backend: embeddedBackend(), stacks: userStacks });
    expect(results.map((r) => [r.name, r.status, r.diff])).toEqual(names.map((n) => [n, 'passed', []]));
    // The report says what each mutation changed, in the user's accounts.
    expect(results[0]!.notes).toContain(
      'mutation: removed arn:aws:iam::444444444444:root (statement AllowTargetAccountObjects) from the policy of bucket team-artifacts-333333333333',
    );
  }, 120_000);

  it('makes a scenario whose mutation finds nothing to change not applicable, in the table, the summary and JUnit', async () => {
    // The first mutation takes the customer-managed key out of the artifact store, so the second finds none.
    const scenario = defineScenario({
      name: 'no-customer-key',
      title: 'no customer key to mutate',
      source: { title: 'test fixture' },
      mutate: [mutations.useAwsManagedKey(), mutations.removePrincipal({ from: 'key', principal: 'target-account' })],
      steps: handoff.cloudFormationHandoff(),
      expect: { outcome: 'denied', step: 'read-artifact', code: 'AccessDenied', status: 403, message: 'Access Denied' },
    });
    const results = await runScenarios([{ scenario }], { backend: embeddedBackend() });
    const r = results[0]!;
    expect(r.status).toBe('not-applicable');
    expect(r.steps.every((s) => s.status === 'not-run')).toBe(true);
    expect(r.notes).toContain(
      'not applicable: the mutation "remove the target account in the artifact key\'s policy" found nothing to change (it looked for the target account in the artifact key\'s policy (the artifact store has no customer-managed key))',
    );
    const s = summarize(results);
    expect([s.passed, s.notApplicable]).toEqual([0, 1]);
    expect(summaryLine(s)).toBe('0 passed, 0 failed, 1 not applicable');
    expect(renderTable(results)).toContain('not applicable');
    // The actual column does not claim the hand-off completed: nothing ran.
    expect(renderTable(results)).toContain('nothing to act for (see below)');
    expect(renderTable(results)).not.toContain('hand-off completed');
    expect(renderJunit(results)).toContain('<skipped message="not applicable: the mutation');
  });

  it('says what each mutation looked for when it finds nothing to change', async () => {
    const source = { title: 'test fixture' };
    const cases: Array<[string, mutations.Mutation[], string]> = [
      [
        'moved-twice',
        [mutations.moveRole({ role: 'deploy', to: 'pipeline-account' }), mutations.moveRole({ role: 'deploy', to: 'pipeline-account' })],
        'not applicable: the mutation "move the deploy role to the pipeline account" found nothing to change (it looked for a CloudFormation action whose deploy role (configuration RoleArn) is outside the pipeline account)',
      ],
      [
        'aws-s3-twice',
        [mutations.useAwsManagedKey(), mutations.useAwsManagedKey()],
        'not applicable: the mutation "replace the artifact key by the AWS-managed aws/s3 key" found nothing to change (it looked for a customer-managed key on the pipeline\'s artifact store)',
      ],
      [
        'deny-without-key',
        [mutations.useAwsManagedKey(), mutations.addDeny({ to: 'key', principal: 'target-account', actions: ['kms:Decrypt'] })],
        'not applicable: the mutation "add Deny kms:Decrypt for the target account to the artifact key\'s policy" found nothing to change (it looked for the artifact store\'s customer-managed key)',
      ],
      [
        'condition-nobody-to-condition',
        [mutations.addCondition({ trustOf: 'deploy', principal: 'pipeline-account', condition: { StringEquals: { 'sts:ExternalId': 'x' } } })],
        'not applicable: the mutation "require {"StringEquals":{"sts:ExternalId":"x"}} of the pipeline account in the deploy role\'s trust policy" found nothing to change (it looked for a statement letting the pipeline account assume the deploy role, in its trust policy)',
      ],
      [
        'action-not-granted',
        [mutations.removeAction({ role: 'action', action: 'codebuild:StartBuild' })],
        'not applicable: the mutation "remove codebuild:StartBuild from the action role\'s policies" found nothing to change (it looked for codebuild:StartBuild in the action role\'s inline and attached managed policies)',
      ],
    ];
    const scenarios = cases.map(([name, mutate]) => ({ scenario: defineScenario({ name, title: name, source, mutate, steps: [], expect: { outcome: 'success' } }) }));
    const results = await runScenarios(scenarios, { backend: embeddedBackend() });
    expect(results.map((r) => [r.name, r.status, r.notes.at(-1)])).toEqual(cases.map(([name, , reason]) => [name, 'not-applicable', reason]));
  }, 120_000);

  it("edits the managed policies attached to a role: a customer managed one gets a new default version, an AWS managed one is detached", async () => {
    const source = { title: 'test fixture' };
    const hcl = { kind: 'terraform' as const, dir: resolve(ROOT, 'test/fixtures/terraform-user-pipeline') };
    // Five edits of the same customer managed policy: IAM keeps five versions, so the fifth deletes the oldest.
    const actions = ['cloudformation:*', 'iam:PassRole', 's3:GetObjectVersion', 's3:PutObject', 'kms:DescribeKey'];
    const managed = defineScenario({
      name: 'customer-managed',
      title: 'customer managed',
      source,
      mutate: actions.map((action) => mutations.removeAction({ role: 'action', action })),
      steps: [],
      expect: { outcome: 'success' },
    });
    const awsManaged = defineScenario({
      name: 'aws-managed',
      title: 'AWS managed',
      source,
      mutate: [mutations.removeAction({ role: 'deploy', action: 's3:PutObject' })],
      steps: [],
      expect: { outcome: 'success' },
    });
    const [m, a] = await runScenarios([{ scenario: managed }, { scenario: awsManaged }], { backend: embeddedBackend(), stacks: hcl });
    expect([m!.status, a!.status]).toEqual(['passed', 'passed']);
    const policy = 'arn:aws:iam::777788889999:policy/payments-test-pipeline-action';
    const role = 'arn:aws:iam::777788889999:role/payments-test-pipeline-action';
    expect(m!.notes).toEqual(
      expect.arrayContaining([
        `mutation: removed cloudformation:* (statement Stacks) from managed policy ${policy} attached to ${role} (a new default version)`,
        `mutation: removed kms:DescribeKey (statement DecryptArtifacts) from managed policy ${policy} attached to ${role} (a new default version)`,
      ]),
    );
    expect(a!.notes).toEqual([
      'mutation: detached managed policy arn:aws:iam::aws:policy/AdministratorAccess from arn:aws:iam::777788889999:role/payments-test-cfn-exec: it grants * (statement (no Sid)) (an AWS managed policy cannot be edited, so the role loses all it granted)',
      'mutation: detached managed policy arn:aws:iam::aws:policy/AdministratorAccess from arn:aws:iam::111122223333:role/payments-prod-cfn-exec: it grants * (statement (no Sid)) (an AWS managed policy cannot be edited, so the role loses all it granted)',
    ]);
  }, 120_000);
});
