import { defineScenario, handoff, mutations } from '../harness/runner/index.js';
import { artifactWriteExplicitDeny, KC_CLOUDFORMATION } from './sources.js';

// The seeds' bucket policy denies every request with aws:SecureTransport false (errors.jsonl E024 form); a setup
// whose bucket policy lacks that statement gets it.
export default defineScenario({
  name: 'bucket-policy-denies-insecure-transport',
  title: 'An upload over plain HTTP is refused by the artifact bucket policy',
  source: KC_CLOUDFORMATION,
  mutate: [mutations.addDeny({ to: 'bucket', principal: '*', actions: ['s3:*'], condition: { Bool: { 'aws:SecureTransport': 'false' } } })],
  steps: [handoff.assumePipelineRole(), handoff.writeArtifact({ insecure: true })],
  expect: {
    outcome: 'denied',
    step: 'write-artifact',
    code: 'AccessDenied',
    status: 403,
    // The writer of the artifact the deploy reads (issue 17): the pipeline role, or the action or build that writes it.
    message: artifactWriteExplicitDeny,
  },
});
