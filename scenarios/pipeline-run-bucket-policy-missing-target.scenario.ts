import { defineScenario, handoff, mutations } from '../harness/runner/index.js';
import { CODEPIPELINE_CROSS_ACCOUNT, artifactReadFailure } from './sources.js';

// The action role cannot read the artifact: S3's bare Access Denied (errors.jsonl E022) as CodePipeline shows
// it (E087).
export default defineScenario({
  name: 'pipeline-run-bucket-policy-missing-target',
  title: 'A pipeline run fails at the deploy actions when the bucket policy does not grant the target account',
  source: CODEPIPELINE_CROSS_ACCOUNT,
  mutate: [mutations.removePrincipal({ from: 'bucket', principal: 'target-account' })],
  steps: [handoff.runPipeline()],
  expect: artifactReadFailure('Access Denied'),
});
