import { defineScenario, handoff } from '../harness/runner/index.js';
import { CODEPIPELINE_CROSS_ACCOUNT } from './sources.js';

// The whole reference pipeline runs: the S3 source becomes an artifact in the pipeline account's store, then the
// Deploy stage's CloudFormation and S3 actions run as the target account's action role.
export default defineScenario({
  name: 'pipeline-run',
  title: 'The reference pipeline runs end to end across accounts',
  source: CODEPIPELINE_CROSS_ACCOUNT,
  steps: [handoff.runPipeline()],
  needs: ['codepipelineExecutions'],
  expect: { outcome: 'success' },
});
