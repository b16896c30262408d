/**
 * A user's `setup` object type-checks for the user's own switches (issue 17 item 4): defineScenario takes the type of
 * the setup as a type argument; without one, the reference stacks' switches are checked (a misspelt one is an error).
 * The `@ts-expect-error` lines are checked by `tsc --noEmit -p .`, which covers test/.
 */
import { describe, expect, it } from 'vitest';
import { defineScenario, handoff } from '../../harness/runner/index.js';

interface TeamSwitches {
  prodGrant?: boolean;
  regions?: string[];
}

describe("a scenario's setup type", () => {
  it("takes the user's own switches with a type argument, and checks the reference switches without one", () => {
    const mine = defineScenario<TeamSwitches>({ name: 'mine', title: 'mine', source: { title: 't' }, setup: { prodGrant: false }, steps: handoff.cloudFormationHandoff(), expect: { outcome: 'success' } });
    // @ts-expect-error a switch the user's type does not have
    defineScenario<TeamSwitches>({ name: 'x', title: 'x', source: { title: 't' }, setup: { prodGrnt: false }, steps: [], expect: { outcome: 'success' } });
    // @ts-expect-error a switch the reference stacks do not have
    defineScenario({ name: 'y', title: 'y', source: { title: 't' }, setup: { grants: { keyPolicyTargetAcount: false } }, steps: [], expect: { outcome: 'success' } });
    const reference = defineScenario({ name: 'z', title: 'z', source: { title: 't' }, setup: { grants: { keyPolicyTargetAccount: false } }, steps: [], expect: { outcome: 'success' } });
    expect(mine.setup).toEqual({ prodGrant: false });
    expect(reference.setup).toEqual({ grants: { keyPolicyTargetAccount: false } });
  });
});
