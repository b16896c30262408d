/**
 * EventBridge delivers silently (AWS shows a refused delivery only as the rule's FailedInvocations metric): the
 * runner reports each refused delivery as a note saying where AWS would show it, and a scenario that needs the
 * delivery log (`needs: ['eventDeliveries']`) is not provable on a backend that cannot show it (issue 15).
 */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../harness/runner/backends/backend.js';
import { embeddedBackend } from '../../harness/runner/backends/embedded.js';
import { loadScenarios } from '../../harness/runner/load.js';
import { runScenarios } from '../../harness/runner/runner.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BUS_POLICY_MISSING = join(ROOT, 'scenarios/repository-bus-policy-missing.scenario.ts');

/** The embedded emulator as a backend that does not show EventBridge's deliveries (as `xacct serve` at an endpoint). */
function withoutDeliveries(): Backend {
  const embedded = embeddedBackend();
  return {
    ...embedded,
    name: 'no-deliveries',
    capabilities: { ...embedded.capabilities, eventDeliveries: false },
    async newWorld(accounts, from, opts) {
      const { eventDeliveries: _hidden, ...world } = await embedded.newWorld(accounts, from, opts);
      return world;
    },
  };
}

describe('EventBridge deliveries in reports', () => {
  it("notes the refused forward with the rule's FailedInvocations, and explains the recorded denial", async () => {
    const [result] = await runScenarios(await loadScenarios([BUS_POLICY_MISSING]), { backend: embeddedBackend() });
    expect(result?.status).toBe('passed');
    expect(result?.stoppedAt).toBe('forward-event');
    expect(result?.explanation).toMatchObject({ decision: 'implicitDeny', policyType: 'resource' });
    expect(result?.explanation?.fix).toBe(
      'add arn:aws:iam::333333333333:root (or arn:aws:iam::333333333333:role/codecommit-event-forwarder) to the resource policy of arn:aws:events:us-east-1:111111111111:event-bus/default for events:PutEvents',
    );
    const notes = result?.notes.filter((n) => n.startsWith('EventBridge: ')) ?? [];
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^EventBridge: Rule arn:aws:events:us-east-1:333333333333:rule\/forward-codecommit-changes could not deliver event \S+ to target pipeline-account: /);
    expect(notes[0]).toContain("it shows as the rule's CloudWatch metric FailedInvocations (namespace AWS/Events, RuleName forward-codecommit-changes)");
  }, 60_000);

  it('is not provable where the delivery log cannot be read', async () => {
    const [result] = await runScenarios(await loadScenarios([BUS_POLICY_MISSING]), { backend: withoutDeliveries() });
    expect(result?.status).toBe('not-provable');
    expect(result?.notes).toContain('not provable on the no-deliveries backend: the scenario needs eventDeliveries, which it lacks');
  }, 60_000);
});
