import { defineScenario, handoff } from '../harness/runner/index.js';

// Step 1 of the article: the key policy must name account 2. Without it, S3 cannot decrypt for the action role
// (errors.jsonl E025: S3 answers 403 AccessDenied and passes KMS's message through).
export default defineScenario({
  name: 'key-policy-missing-target-account',
  title: 'The key policy does not grant the target account',
  source: { title: 'AWS Knowledge Center: deploy a CloudFormation stack in another account with CodePipeline (Korean edition)', seed: '000_521672615618a93d.txt', url: 'https://repost.aws/knowledge-center/codepipeline-deploy-cloudformation' },
  setup: { grants: { keyPolicyTargetAccount: false } },
  steps: handoff.cloudFormationHandoff(),
  expect: {
    outcome: 'denied',
    step: 'read-artifact',
    code: 'AccessDenied',
    status: 403,
    message: 'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
  },
});
