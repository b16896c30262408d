import { defineScenario, handoff } from '../harness/runner/index.js';
import { CODEPIPELINE_CROSS_ACCOUNT, actionFailure } from './sources.js';

// CloudFormation refuses the PassRole (errors.jsonl E066) and CodePipeline shows it with the service suffix (E086).
export default defineScenario({
  name: 'pipeline-run-missing-pass-role',
  title: 'A pipeline run fails when the action role may not pass the deploy role',
  source: CODEPIPELINE_CROSS_ACCOUNT,
  setup: { grants: { actionRolePassDeployRole: false } },
  steps: [handoff.runPipeline()],
  expect: actionFailure(
    'User: arn:aws:sts::222222222222:assumed-role/cross-account-action-role/<session> is not authorized to perform: iam:PassRole on resource: arn:aws:iam::222222222222:role/cloudformation-deploy-role because no identity-based policy allows the iam:PassRole action (Service: AmazonCloudFormation; Status Code: 403; Error Code: AccessDenied; Request ID: <request-id>)',
  ),
});
