import { defineScenario, handoff } from '../harness/runner/index.js';

// The action role cannot read the artifact: S3's bare Access Denied (errors.jsonl E022) as CodePipeline shows
// it (E087).
export default defineScenario({
  name: 'pipeline-run-bucket-policy-missing-target',
  title: 'A pipeline run fails at the deploy actions when the bucket policy does not grant the target account',
  source: {
    title: 'AWS CodePipeline User Guide: create a pipeline that uses resources from another AWS account',
    url: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html',
  },
  setup: { grants: { bucketPolicyTargetAccount: false } },
  steps: [handoff.runPipeline()],
  expect: {
    outcome: 'denied',
    step: 'run-pipeline',
    code: 'JobFailed',
    // A failed action has no HTTP status: GetPipelineState's errorDetails carry a code and a message.
    status: undefined,
    message:
      'Access Denied (Service: Amazon S3; Status Code: 403; Error Code: AccessDenied; Request ID: <request-id>; S3 Extended Request ID: <host-id>)',
  },
});
