import { defineScenario, handoff, mutations } from '../harness/runner/index.js';
import { CIPHERTEXT_REFUSED, KC_CLOUDFORMATION } from './sources.js';

// Step 1 of the article: the key policy must name account 2. Without it, S3 cannot decrypt for the action role
// (errors.jsonl E025: S3 answers 403 AccessDenied and passes KMS's message through).
export default defineScenario({
  name: 'key-policy-missing-target-account',
  title: 'The key policy does not grant the target account',
  source: KC_CLOUDFORMATION,
  mutate: [mutations.removePrincipal({ from: 'key', principal: 'target-account' })],
  steps: handoff.cloudFormationHandoff(),
  expect: {
    outcome: 'denied',
    step: 'read-artifact',
    code: 'AccessDenied',
    status: 403,
    message: CIPHERTEXT_REFUSED,
  },
});
