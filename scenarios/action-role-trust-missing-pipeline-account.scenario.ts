import { defineScenario, handoff, mutations } from '../harness/runner/index.js';
import { KC_CLOUDFORMATION } from './sources.js';

// Step 3 of the article: the cross-account role must trust account 1. CodePipeline checks that its role can
// assume every action role when the pipeline is declared, by CreatePipeline or UpdatePipeline (errors.jsonl E092):
// the trust loses the pipeline account after the setup is applied, and declaring the pipeline again is refused.
// (A run of the pipeline as created fails at the hand-over: action-role-trust-changed-after-creation.)
export default defineScenario({
  name: 'action-role-trust-missing-pipeline-account',
  title: "The action role's trust policy does not name the pipeline account: CodePipeline refuses the pipeline",
  source: KC_CLOUDFORMATION,
  mutate: [mutations.removePrincipal({ from: { trustOf: 'action' }, principal: 'pipeline-account' })],
  steps: [handoff.updatePipeline(), ...handoff.cloudFormationHandoff()],
  expect: {
    outcome: 'denied',
    step: 'update-pipeline',
    code: 'InvalidStructureException',
    status: 400,
    message: (n) => `${n.pipelineRoleArn} is not authorized to perform AssumeRole on role ${n.actionRoleArn}`,
  },
});
