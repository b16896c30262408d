import { defineScenario, handoff } from '../harness/runner/index.js';
import { KC_CLOUDFORMATION } from './sources.js';

// Step 3 of the article: the cross-account role must trust account 1. CodePipeline checks that its role can
// assume every action role when the pipeline is created, so the setup itself is refused (errors.jsonl E092).
export default defineScenario({
  name: 'action-role-trust-missing-pipeline-account',
  title: "The action role's trust policy does not name the pipeline account: CodePipeline refuses the pipeline",
  source: KC_CLOUDFORMATION,
  setup: { grants: { actionRoleTrustPipelineAccount: false } },
  steps: handoff.cloudFormationHandoff(),
  expect: {
    outcome: 'denied',
    step: 'apply',
    code: 'InvalidStructureException',
    status: 400,
    message: (n) => `${n.pipelineRoleArn} is not authorized to perform AssumeRole on role ${n.actionRoleArn}`,
  },
});
