import { defineScenario, handoff, mutations } from '../harness/runner/index.js';
import { KC_CLOUDFORMATION } from './sources.js';

// Step 2 of the article: the artifact bucket's policy must grant account 2. Across accounts S3 answers with its
// bare "Access Denied" (errors.jsonl E022).
export default defineScenario({
  name: 'bucket-policy-missing-target-account',
  title: 'The artifact bucket policy does not grant the target account',
  source: KC_CLOUDFORMATION,
  mutate: [mutations.removePrincipal({ from: 'bucket', principal: 'target-account' })],
  steps: handoff.cloudFormationHandoff(),
  expect: { outcome: 'denied', step: 'read-artifact', code: 'AccessDenied', status: 403, message: 'Access Denied' },
});
