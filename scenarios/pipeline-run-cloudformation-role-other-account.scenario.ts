import { defineScenario, handoff } from '../harness/runner/index.js';

// Configuration.RoleArn names a role in the pipeline account while the action role is in the target account
// (errors.jsonl E086, E067).
export default defineScenario({
  name: 'pipeline-run-cloudformation-role-other-account',
  title: 'A pipeline run fails when the CloudFormation role is in the pipeline account',
  source: {
    title: 'AWS CodePipeline User Guide: create a pipeline that uses resources from another AWS account',
    url: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html',
  },
  setup: { deployRoleAccount: 'pipeline' },
  steps: [handoff.runPipeline()],
  expect: {
    outcome: 'denied',
    step: 'run-pipeline',
    code: 'JobFailed',
    // A failed action has no HTTP status: GetPipelineState's errorDetails carry a code and a message.
    status: undefined,
    message:
      'Cross-account pass role is not allowed (Service: AmazonCloudFormation; Status Code: 403; Error Code: AccessDenied; Request ID: <request-id>)',
  },
});
