import { defineScenario, handoff } from '../harness/runner/index.js';

// CloudFormation refuses the PassRole (errors.jsonl E066) and CodePipeline shows it with the service suffix (E086).
export default defineScenario({
  name: 'pipeline-run-missing-pass-role',
  title: 'A pipeline run fails when the action role may not pass the deploy role',
  source: {
    title: 'AWS CodePipeline User Guide: create a pipeline that uses resources from another AWS account',
    url: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html',
  },
  setup: { grants: { actionRolePassDeployRole: false } },
  steps: [handoff.runPipeline()],
  expect: {
    outcome: 'denied',
    step: 'run-pipeline',
    code: 'JobFailed',
    // A failed action has no HTTP status: GetPipelineState's errorDetails carry a code and a message.
    status: undefined,
    message:
      'User: arn:aws:sts::222222222222:assumed-role/cross-account-action-role/<session> is not authorized to perform: iam:PassRole on resource: arn:aws:iam::222222222222:role/cloudformation-deploy-role because no identity-based policy allows the iam:PassRole action (Service: AmazonCloudFormation; Status Code: 403; Error Code: AccessDenied; Request ID: <request-id>)',
  },
});
