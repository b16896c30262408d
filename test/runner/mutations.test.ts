/**
 * Negative variants as mutations of the applied world (issue 17 item 4): the bundled negative scenarios give their
 * failures on a user's own stacks (other accounts and names), and a mutation that finds nothing to change makes the
 * scenario "not applicable", never passed, in every report.
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
    const scenario = defineScenario({
      name: 'no-customer-key',
      title: 'no customer key to mutate',
      source: { title: 'test fixture' },
      setup: { artifactKey: 'aws-managed' },
      mutate: [mutations.removePrincipal({ from: 'key', principal: 'target-account' })],
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
    expect(renderJunit(results)).toContain('<skipped message="not applicable: the mutation');
  });
});
