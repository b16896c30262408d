import { defineScenario, handoff, mutations } from '../harness/runner/index.js';
import { KC_CLOUDFORMATION, pipelineRoleSession } from './sources.js';

// Drift: the pipeline was created while the trust was right; later someone narrows the action role's trust
// policy so that it no longer names the pipeline account (left with nothing, it trusts its own account only). The
// next run fails when the pipeline role assumes the action role (errors.jsonl E048).

export default defineScenario({
  name: 'action-role-trust-changed-after-creation',
  title: "The action role's trust policy stops naming the pipeline account after the pipeline was created",
  source: KC_CLOUDFORMATION,
  mutate: [mutations.removePrincipal({ from: { trustOf: 'action' }, principal: 'pipeline-account' })],
  steps: handoff.cloudFormationHandoff(),
  expect: {
    outcome: 'denied',
    step: 'assume-action-role',
    code: 'AccessDenied',
    status: 403,
    message: (n) => `User: ${pipelineRoleSession(n)} is not authorized to perform: sts:AssumeRole on resource: ${n.actionRoleArn}`,
  },
});
