import { defineScenario, handoff } from '../harness/runner/index.js';

// Step 5 of the article: the deploy role must trust cloudformation.amazonaws.com (errors.jsonl E068).
export default defineScenario({
  name: 'deploy-role-not-trusting-cloudformation',
  title: 'The deploy role does not trust cloudformation.amazonaws.com',
  source: { title: 'AWS Knowledge Center: deploy a CloudFormation stack in another account with CodePipeline (Korean edition)', seed: '000_521672615618a93d.txt', url: 'https://repost.aws/knowledge-center/codepipeline-deploy-cloudformation' },
  setup: { grants: { deployRoleTrustCloudFormation: false } },
  steps: handoff.cloudFormationHandoff(),
  expect: {
    outcome: 'denied',
    step: 'deploy-cloudformation',
    code: 'ValidationError',
    status: 400,
    message: (n) => `Role ${n.deployRoleArn} is invalid or cannot be assumed`,
  },
});
