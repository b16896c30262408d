import { defineScenario, handoff } from '../harness/runner/index.js';

// Without a customer-managed key the artifacts are encrypted with the pipeline account's aws/s3 key, which the
// target account can never use (errors.jsonl E025, E098), wrapped as CodePipeline shows S3 errors (E087).
export default defineScenario({
  name: 'pipeline-run-aws-managed-key',
  title: 'A pipeline run fails when artifacts are encrypted with the aws/s3 key',
  source: {
    title: 'AWS CodePipeline User Guide: create a pipeline that uses resources from another AWS account',
    url: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html',
  },
  setup: { artifactKey: 'aws-managed' },
  steps: [handoff.runPipeline()],
  expect: {
    outcome: 'denied',
    step: 'run-pipeline',
    code: 'JobFailed',
    // A failed action has no HTTP status: GetPipelineState's errorDetails carry a code and a message.
    status: undefined,
    message:
      'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access. (Service: Amazon S3; Status Code: 403; Error Code: AccessDenied; Request ID: <request-id>; S3 Extended Request ID: <host-id>)',
  },
});
