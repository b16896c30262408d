import { defineScenario, handoff } from '../harness/runner/index.js';

// CloudFormation cannot assume the deploy role (errors.jsonl E068), shown with the service suffix (E086).
export default defineScenario({
  name: 'pipeline-run-deploy-role-untrusted',
  title: 'A pipeline run fails when the deploy role does not trust CloudFormation',
  source: {
    title: 'AWS CodePipeline User Guide: create a pipeline that uses resources from another AWS account',
    url: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html',
  },
  setup: { grants: { deployRoleTrustCloudFormation: false } },
  steps: [handoff.runPipeline()],
  expect: {
    outcome: 'denied',
    step: 'run-pipeline',
    code: 'JobFailed',
    // A failed action has no HTTP status: GetPipelineState's errorDetails carry a code and a message.
    status: undefined,
    message:
      'Role arn:aws:iam::222222222222:role/cloudformation-deploy-role is invalid or cannot be assumed (Service: AmazonCloudFormation; Status Code: 400; Error Code: ValidationError; Request ID: <request-id>)',
  },
});
