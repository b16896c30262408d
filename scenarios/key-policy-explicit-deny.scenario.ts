import { defineScenario, handoff } from '../harness/runner/index.js';

// An explicit Deny in the key policy beats every Allow (IAM policy evaluation logic).
export default defineScenario({
  name: 'key-policy-explicit-deny',
  title: 'An explicit deny for the target account in the key policy blocks decryption',
  source: { title: 'AWS KMS Developer Guide: key policies, explicit deny', url: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html' },
  setup: { grants: { keyPolicyExplicitDeny: { principals: ['arn:aws:iam::222222222222:root'], actions: ['kms:Decrypt'] } } },
  steps: handoff.cloudFormationHandoff(),
  expect: {
    outcome: 'denied',
    step: 'read-artifact',
    code: 'AccessDenied',
    status: 403,
    message: 'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
  },
});
