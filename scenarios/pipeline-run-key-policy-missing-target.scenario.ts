import { defineScenario, handoff } from '../harness/runner/index.js';

// The CloudFormation action reads its input artifact as the action role; S3 refuses with KMS's opaque text
// (errors.jsonl E025), wrapped as CodePipeline shows S3 errors (E087).
export default defineScenario({
  name: 'pipeline-run-key-policy-missing-target',
  title: 'A pipeline run fails at the deploy actions when the key policy does not grant the target account',
  source: {
    title: 'AWS CodePipeline User Guide: create a pipeline that uses resources from another AWS account',
    url: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html',
  },
  setup: { grants: { keyPolicyTargetAccount: false } },
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
