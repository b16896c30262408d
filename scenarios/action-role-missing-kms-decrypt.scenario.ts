import { defineScenario, handoff } from '../harness/runner/index.js';

// Step 3 of the article: the cross-account role needs kms:Decrypt on the pipeline account's key in its own policy;
// the key policy's grant to account 2 only delegates to account 2's IAM (errors.jsonl E025/E026).
export default defineScenario({
  name: 'action-role-missing-kms-decrypt',
  title: 'The action role has no kms:Decrypt on the artifact key',
  source: { title: 'AWS Knowledge Center: deploy a CloudFormation stack in another account with CodePipeline (Korean edition)', seed: '000_521672615618a93d.txt', url: 'https://repost.aws/knowledge-center/codepipeline-deploy-cloudformation' },
  setup: { grants: { actionRoleKms: false } },
  steps: handoff.cloudFormationHandoff(),
  expect: {
    outcome: 'denied',
    step: 'read-artifact',
    code: 'AccessDenied',
    status: 403,
    message: 'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
  },
});
