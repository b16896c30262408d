import { defineScenario, handoff, mutations } from '../harness/runner/index.js';
import { CODEPIPELINE_CROSS_ACCOUNT, actionFailure, s3DeployBucket } from './sources.js';

// The S3 deploy action cannot write the deployment bucket (errors.jsonl E090).
export default defineScenario({
  name: 'pipeline-run-deploy-bucket-write-denied',
  title: 'A pipeline run fails at the S3 deploy action when the action role may not write the deploy bucket',
  source: CODEPIPELINE_CROSS_ACCOUNT,
  mutate: [mutations.removeAction({ role: 'action', action: 's3:PutObject', resource: s3DeployBucket })],
  steps: [handoff.runPipeline()],
  expect: actionFailure(
    'Insufficient permissions You do not have sufficient permissions to call s3.putObject for the deployment bucket',
  ),
});
