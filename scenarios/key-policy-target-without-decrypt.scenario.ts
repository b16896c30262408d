import { defineScenario, handoff, mutations } from '../harness/runner/index.js';
import { CIPHERTEXT_REFUSED, KC_CLOUDFORMATION } from './sources.js';

// The key policy names the target account but only for kms:DescribeKey: S3 cannot decrypt for the action role.
export default defineScenario({
  name: 'key-policy-target-without-decrypt',
  title: 'The key policy grants the target account DescribeKey but not Decrypt',
  source: KC_CLOUDFORMATION,
  mutate: [mutations.removeKeyAction({ principal: 'target-account', action: 'kms:Decrypt' })],
  steps: handoff.cloudFormationHandoff(),
  expect: {
    outcome: 'denied',
    step: 'read-artifact',
    code: 'AccessDenied',
    status: 403,
    message: CIPHERTEXT_REFUSED,
  },
});
