import { defineScenario, handoff, mutations } from '../harness/runner/index.js';
import { CIPHERTEXT_REFUSED } from './sources.js';

// An explicit Deny in the key policy beats every Allow (IAM policy evaluation logic).
export default defineScenario({
  name: 'key-policy-explicit-deny',
  title: 'An explicit deny for the target account in the key policy blocks decryption',
  source: { title: 'AWS KMS Developer Guide: key policies, explicit deny', url: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html' },
  mutate: [mutations.addDeny({ to: 'key', principal: 'target-account', actions: ['kms:Decrypt'] })],
  steps: handoff.cloudFormationHandoff(),
  expect: {
    outcome: 'denied',
    step: 'read-artifact',
    code: 'AccessDenied',
    status: 403,
    message: CIPHERTEXT_REFUSED,
  },
});
