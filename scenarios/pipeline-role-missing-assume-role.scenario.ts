import { defineScenario, handoff, mutations } from '../harness/runner/index.js';
import { KC_CLOUDFORMATION } from './sources.js';

// Step 4 of the article: the pipeline service role needs sts:AssumeRole on the target's role; the trust policy
// alone is not enough across accounts, and CodePipeline checks it when the pipeline is declared, by CreatePipeline or
// UpdatePipeline (errors.jsonl E092): the grant goes after the setup is applied, and declaring the pipeline again is
// refused. (A run of the pipeline as created fails at the hand-over: pipeline-role-assume-permission-removed.)
export default defineScenario({
  name: 'pipeline-role-missing-assume-role',
  title: 'The pipeline role is not allowed sts:AssumeRole on the target account roles: CodePipeline refuses the pipeline',
  source: KC_CLOUDFORMATION,
  mutate: [mutations.removeAction({ role: 'pipeline', action: 'sts:AssumeRole' })],
  steps: [handoff.updatePipeline(), ...handoff.cloudFormationHandoff()],
  expect: {
    outcome: 'denied',
    step: 'update-pipeline',
    code: 'InvalidStructureException',
    status: 400,
    // The first action role in another account, in declaration order: a CodeCommit source's role in a repository
    // account comes before the deploy action's role (the AWS reference architecture's pipeline).
    message: (n) => `${n.pipelineRoleArn} is not authorized to perform AssumeRole on role ${n.crossAccountRoles?.[0] ?? n.actionRoleArn}`,
  },
});
