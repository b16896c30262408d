import { defineScenario, handoff, mutations } from '../harness/runner/index.js';
import { CIPHERTEXT_REFUSED, KC_CLOUDFORMATION } from './sources.js';

// Step 3 of the article: the cross-account role needs kms:Decrypt on the pipeline account's key in its own policy;
// the key policy's grant to account 2 only delegates to account 2's IAM (errors.jsonl E025/E026).
export default defineScenario({
  name: 'action-role-missing-kms-decrypt',
  title: 'The action role has no kms:Decrypt on the artifact key',
  source: KC_CLOUDFORMATION,
  mutate: [mutations.removeAction({ role: 'action', action: 'kms:Decrypt' })],
  steps: handoff.cloudFormationHandoff(),
  expect: {
    outcome: 'denied',
    step: 'read-artifact',
    code: 'AccessDenied',
    status: 403,
    message: CIPHERTEXT_REFUSED,
  },
});
