import { defineScenario, handoff } from '../harness/runner/index.js';

export default defineScenario({
  name: 'cloudformation-deploy',
  title: 'The reference setup deploys a CloudFormation stack into the target account',
  source: { title: 'AWS Knowledge Center: deploy a CloudFormation stack in another account with CodePipeline (Korean edition)', seed: '000_521672615618a93d.txt', url: 'https://repost.aws/knowledge-center/codepipeline-deploy-cloudformation' },
  steps: handoff.cloudFormationHandoff(),
  expect: { outcome: 'success' },
});
