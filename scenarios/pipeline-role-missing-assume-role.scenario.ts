import { defineScenario, handoff } from '../harness/runner/index.js';
import { KC_CLOUDFORMATION } from './sources.js';

// Step 4 of the article: the pipeline service role needs sts:AssumeRole on the target's role; the trust policy
// alone is not enough across accounts, and CodePipeline checks it when the pipeline is created (errors.jsonl E092).
export default defineScenario({
  name: 'pipeline-role-missing-assume-role',
  title: 'The pipeline role is not allowed sts:AssumeRole on the target account roles: CodePipeline refuses the pipeline',
  source: KC_CLOUDFORMATION,
  setup: { grants: { pipelineRoleAssumeTargetRoles: false } },
  steps: handoff.cloudFormationHandoff(),
  expect: {
    outcome: 'denied',
    step: 'apply',
    code: 'InvalidStructureException',
    status: 400,
    message: (n) => `${n.pipelineRoleArn} is not authorized to perform AssumeRole on role ${n.actionRoleArn}`,
  },
});
