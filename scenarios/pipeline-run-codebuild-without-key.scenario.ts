import { defineScenario, handoff } from '../harness/runner/index.js';
import { addBuildStage, CODEBUILD_ACTION } from './codebuild-stage.js';
import { CIPHERTEXT_REFUSED, artifactReadFailure } from './sources.js';

// A CodeBuild project without EncryptionKey writes its output under the pipeline account's aws/s3 key
// (API_CreateProject.html, encryptionKey: "If you don't specify a value, CodeBuild uses the managed CMK for Amazon
// S3"), which the target account can never use (errors.jsonl E098, E025): the build succeeds and the cross-account
// deploy fails at its artifact read, worded as CodePipeline shows S3 errors (E087).
export default defineScenario({
  name: 'pipeline-run-codebuild-without-key',
  title: 'A CodeBuild project without an encryption key feeds a cross-account deploy: the deploy cannot decrypt',
  source: CODEBUILD_ACTION,
  prepare: (world) => addBuildStage(world, { projectKey: false }),
  steps: [handoff.runPipeline()],
  expect: artifactReadFailure(CIPHERTEXT_REFUSED),
});
