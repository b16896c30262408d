import { defineScenario, handoff, mutations } from '../harness/runner/index.js';
import { KC_CLOUDFORMATION, pipelineRoleSession } from './sources.js';

// Drift: after the pipeline exists, its role's policies lose sts:AssumeRole. Across accounts the
// trust policy alone is not enough, so the run fails at the hand-over to the target account (errors.jsonl E048).
export default defineScenario({
  name: 'pipeline-role-assume-permission-removed',
  title: 'The pipeline role loses sts:AssumeRole on the target account roles after the pipeline was created',
  source: KC_CLOUDFORMATION,
  mutate: [mutations.removeAction({ role: 'pipeline', action: 'sts:AssumeRole' })],
  steps: handoff.cloudFormationHandoff(),
  expect: {
    outcome: 'denied',
    step: 'assume-action-role',
    code: 'AccessDenied',
    status: 403,
    message: (n) => `User: ${pipelineRoleSession(n)} is not authorized to perform: sts:AssumeRole on resource: ${n.actionRoleArn}`,
  },
});
