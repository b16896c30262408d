import { defineScenario, handoff } from '../harness/runner/index.js';

// The S3 deploy action cannot write the deployment bucket (errors.jsonl E090).
export default defineScenario({
  name: 'pipeline-run-deploy-bucket-write-denied',
  title: 'A pipeline run fails at the S3 deploy action when the action role may not write the deploy bucket',
  source: {
    title: 'AWS CodePipeline User Guide: create a pipeline that uses resources from another AWS account',
    url: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html',
  },
  setup: { grants: { actionRoleDeployBucketWrite: false } },
  steps: [handoff.runPipeline()],
  expect: {
    outcome: 'denied',
    step: 'run-pipeline',
    code: 'JobFailed',
    // A failed action has no HTTP status: GetPipelineState's errorDetails carry a code and a message.
    status: undefined,
    message:
      'Insufficient permissions You do not have sufficient permissions to call s3.putObject for the deployment bucket',
  },
});
