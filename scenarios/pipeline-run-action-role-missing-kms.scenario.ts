import { defineScenario, handoff, mutations } from '../harness/runner/index.js';
import { CIPHERTEXT_REFUSED, CODEPIPELINE_CROSS_ACCOUNT, artifactReadFailure } from './sources.js';

// The action role cannot decrypt the artifact; S3 answers KMS's opaque text (errors.jsonl E025), wrapped as
// CodePipeline shows S3 errors (E087).
export default defineScenario({
  name: 'pipeline-run-action-role-missing-kms',
  title: 'A pipeline run fails when the action role may not decrypt with the artifact key',
  source: CODEPIPELINE_CROSS_ACCOUNT,
  mutate: [mutations.removeAction({ role: 'action', action: 'kms:*' })],
  steps: [handoff.runPipeline()],
  expect: artifactReadFailure(CIPHERTEXT_REFUSED),
});
