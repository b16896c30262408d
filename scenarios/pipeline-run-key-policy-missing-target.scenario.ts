import { defineScenario, handoff, mutations } from '../harness/runner/index.js';
import { CIPHERTEXT_REFUSED, CODEPIPELINE_CROSS_ACCOUNT, artifactReadFailure } from './sources.js';

// The CloudFormation action reads its input artifact as the action role; S3 refuses with KMS's opaque text
// (errors.jsonl E025), wrapped as CodePipeline shows S3 errors (E087).
export default defineScenario({
  name: 'pipeline-run-key-policy-missing-target',
  title: 'A pipeline run fails at the deploy actions when the key policy does not grant the target account',
  source: CODEPIPELINE_CROSS_ACCOUNT,
  mutate: [mutations.removePrincipal({ from: 'key', principal: 'target-account' })],
  steps: [handoff.runPipeline()],
  expect: artifactReadFailure(CIPHERTEXT_REFUSED),
});
