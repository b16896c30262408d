import { defineScenario, handoff, mutations } from '../harness/runner/index.js';
import { artifactWriteExplicitDeny, KC_CLOUDFORMATION } from './sources.js';

// The seeds' bucket policy denies s3:PutObject without x-amz-server-side-encryption: aws:kms. Same account, so S3
// gives the detailed message (errors.jsonl E024). A setup whose bucket policy lacks that statement gets it.
export default defineScenario({
  name: 'bucket-policy-denies-unencrypted-upload',
  title: 'An upload without SSE-KMS is refused by the artifact bucket policy',
  source: KC_CLOUDFORMATION,
  mutate: [
    mutations.addDeny({ to: 'bucket', principal: '*', actions: ['s3:PutObject'], condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } } }),
  ],
  steps: [handoff.assumePipelineRole(), handoff.writeArtifact({ encryption: 'none' })],
  expect: {
    outcome: 'denied',
    step: 'write-artifact',
    code: 'AccessDenied',
    status: 403,
    // The writer of the artifact the deploy reads (issue 17): the pipeline role, or the action or build that writes it.
    message: artifactWriteExplicitDeny,
  },
});
