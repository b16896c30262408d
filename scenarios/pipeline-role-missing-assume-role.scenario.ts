import { defineScenario, handoff } from '../harness/runner/index.js';

// Step 4 of the article: the pipeline service role needs sts:AssumeRole on the target's role; the trust policy
// alone is not enough across accounts (errors.jsonl E048).
export default defineScenario({
  name: 'pipeline-role-missing-assume-role',
  title: 'The pipeline role is not allowed sts:AssumeRole on the target account roles',
  source: { title: 'AWS Knowledge Center: deploy a CloudFormation stack in another account with CodePipeline (Korean edition)', seed: '000_521672615618a93d.txt', url: 'https://repost.aws/knowledge-center/codepipeline-deploy-cloudformation' },
  setup: { grants: { pipelineRoleAssumeTargetRoles: false } },
  steps: handoff.cloudFormationHandoff(),
  expect: {
    outcome: 'denied',
    step: 'assume-action-role',
    code: 'AccessDenied',
    status: 403,
    message: (n) => `User: arn:aws:sts::${n.pipelineAccount}:assumed-role/codepipeline-service-role/<session> is not authorized to perform: sts:AssumeRole on resource: ${n.actionRoleArn}`,
  },
});
