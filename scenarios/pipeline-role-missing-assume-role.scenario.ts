import { defineScenario, handoff } from '../harness/runner/index.js';

// Step 4 of the article: the pipeline service role needs sts:AssumeRole on the target's role; the trust policy
// alone is not enough across accounts, and CodePipeline checks it when the pipeline is created (errors.jsonl E092).
export default defineScenario({
  name: 'pipeline-role-missing-assume-role',
  title: 'The pipeline role is not allowed sts:AssumeRole on the target account roles: CodePipeline refuses the pipeline',
  source: { title: 'AWS Knowledge Center: deploy a CloudFormation stack in another account with CodePipeline (Korean edition)', seed: '000_521672615618a93d.txt', url: 'https://repost.aws/knowledge-center/codepipeline-deploy-cloudformation' },
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
