import { defineScenario, handoff, mutations } from '../harness/runner/index.js';
import { CIPHERTEXT_REFUSED, KC_CLOUDFORMATION } from './sources.js';

// The artifact store's customer-managed key is replaced by aws/s3 (UpdatePipeline, and the bucket's default
// encryption), so artifacts are encrypted with the pipeline account's aws/s3 key, which no other account can ever
// use (errors.jsonl E025, E098).
export default defineScenario({
  name: 'artifact-aws-managed-key',
  title: 'An artifact encrypted with the AWS-managed aws/s3 key cannot be read from the target account',
  source: KC_CLOUDFORMATION,
  mutate: [mutations.useAwsManagedKey()],
  // The point is the store's key: where a CodeBuild project with its own key writes the artifact the deploy reads
  // (CodeBuild encrypts its outputs with the project's key), the store's key is not what the deploy decrypts.
  steps: handoff.cloudFormationHandoff({ write: { storeKeyEncrypts: true } }),
  expect: {
    outcome: 'denied',
    step: 'read-artifact',
    code: 'AccessDenied',
    status: 403,
    message: CIPHERTEXT_REFUSED,
  },
});
