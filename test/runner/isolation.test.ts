/**
 * Isolation between scenarios (issue 17 item 5): nothing a scenario's steps do — to their names, their world or their
 * sessions — is visible to another scenario of the run, even one with the same setup (which starts from a copy of the
 * same applied world). Before the names were per-scenario copies, a custom step reassigning a hand-off name (the only
 * way to reach a second target) changed the names of every later scenario with that setup: a false pass.
 */
import { DeleteRoleCommand, DeleteRolePolicyCommand, IAMClient, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { embeddedBackend } from '../../harness/runner/backends/embedded.js';
import { defineScenario, handoff } from '../../harness/runner/index.js';
import { runScenarios } from '../../harness/runner/runner.js';
import type { Step } from '../../harness/runner/scenario.js';

const setup = { names: { pipeline: 'isolation-pipeline' } };

/** Points the hand-off at a role that does not exist, and removes the real action role from its world. */
const meddle: Step = {
  id: 'meddle',
  title: 'changes its names and its world',
  principal: () => 'the test',
  async run(ctx) {
    const actionRole = ctx.names.actionRoleArn;
    ctx.names.actionRoleArn = `arn:aws:iam::${ctx.names.targetAccount}:role/does-not-exist`;
    ctx.world.names.options.grants.keyPolicyTargetActions.length = 0;
    ctx.names.options.names.actionRole = 'does-not-exist';
    const iam = new IAMClient(ctx.world.clientConfig(ctx.names.targetAccount));
    const roleName = actionRole.split('/').pop()!;
    const policies = await iam.send(new ListRolePoliciesCommand({ RoleName: roleName }));
    for (const p of policies.PolicyNames ?? []) await iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: p }));
    await iam.send(new DeleteRoleCommand({ RoleName: roleName }));
    ctx.state.set('artifact', { key: 'elsewhere', body: Buffer.from('x') });
  },
};

describe('isolation between scenarios', () => {
  it("a step changing its names and its world leaves the next scenario with the same setup untouched", async () => {
    const first = defineScenario({
      name: 'meddles',
      title: 'meddles',
      source: { title: 'test fixture' },
      setup,
      steps: [meddle, ...handoff.cloudFormationHandoff()],
      // The changed names are its own: its hand-off assumes the role it named, which does not exist.
      expect: {
        outcome: 'denied',
        step: 'assume-action-role',
        code: 'AccessDenied',
        status: 403,
        message: (n) => `User: arn:aws:sts::${n.pipelineAccount}:assumed-role/${n.options.names.pipelineRole}/<session> is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${n.targetAccount}:role/does-not-exist`,
      },
    });
    const second = defineScenario({ name: 'after', title: 'after', source: { title: 'test fixture' }, setup, steps: handoff.cloudFormationHandoff(), expect: { outcome: 'success' } });
    const results = await runScenarios([{ scenario: first }, { scenario: second }, { scenario: { ...second, name: 'after-again' } }], { backend: embeddedBackend(), concurrency: 1 });
    expect(results.map((r) => [r.name, r.status, r.diff])).toEqual([
      ['meddles', 'passed', []],
      ['after', 'passed', []],
      ['after-again', 'passed', []],
    ]);
    // The scenario's setup object, which keys the synthesis and the applied copy, is unchanged.
    expect(setup).toEqual({ names: { pipeline: 'isolation-pipeline' } });
    expect(results[1]!.steps.find((s) => s.id === 'assume-action-role')!.principal).not.toContain('does-not-exist');
  });
});
