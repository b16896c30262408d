import { defineScenario, handoff, mutations } from '../harness/runner/index.js';
import { CIPHERTEXT_REFUSED, CODEPIPELINE_CROSS_ACCOUNT, artifactReadFailure } from './sources.js';

// With the artifact key replaced by aws/s3 (UpdatePipeline), the artifacts are encrypted with the pipeline
// account's aws/s3 key, which the target account can never use (errors.jsonl E025, E098), wrapped as CodePipeline
// shows S3 errors (E087).
export default defineScenario({
  name: 'pipeline-run-aws-managed-key',
  title: 'A pipeline run fails when artifacts are encrypted with the aws/s3 key',
  source: CODEPIPELINE_CROSS_ACCOUNT,
  mutate: [mutations.useAwsManagedKey()],
  steps: [handoff.runPipeline({ storeKeyEncrypts: true })],
  expect: artifactReadFailure(CIPHERTEXT_REFUSED),
});
