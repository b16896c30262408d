import { defineScenario, handoff } from '../harness/runner/index.js';

// The key policy names the target account but only for kms:DescribeKey: S3 cannot decrypt for the action role.
export default defineScenario({
  name: 'key-policy-target-without-decrypt',
  title: 'The key policy grants the target account DescribeKey but not Decrypt',
  source: {
    title: 'AWS Knowledge Center: deploy a CloudFormation stack in another account with CodePipeline (Korean edition)',
    seed: '000_521672615618a93d.txt',
    url: 'https://repost.aws/knowledge-center/codepipeline-deploy-cloudformation',
  },
  setup: { grants: { keyPolicyTargetActions: ['kms:DescribeKey'] } },
  steps: handoff.cloudFormationHandoff(),
  expect: {
    outcome: 'denied',
    step: 'read-artifact',
    code: 'AccessDenied',
    status: 403,
    message: 'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
  },
});
