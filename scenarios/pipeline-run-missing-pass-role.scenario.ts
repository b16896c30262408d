import { defineScenario, handoff, mutations } from '../harness/runner/index.js';
import { CODEPIPELINE_CROSS_ACCOUNT, actionFailure } from './sources.js';

// CloudFormation refuses the PassRole (errors.jsonl E066) and CodePipeline shows it with the service suffix (E086).
export default defineScenario({
  name: 'pipeline-run-missing-pass-role',
  title: 'A pipeline run fails when the action role may not pass the deploy role',
  source: CODEPIPELINE_CROSS_ACCOUNT,
  mutate: [mutations.removeAction({ role: 'action', action: 'iam:PassRole' })],
  steps: [handoff.runPipeline()],
  expect: actionFailure(
    (n) =>
      `User: arn:aws:sts::${n.targetAccount}:assumed-role/${n.actionRoleArn.split('/').pop()}/<session> is not authorized to perform: iam:PassRole on resource: ${n.deployRoleArn} because no identity-based policy allows the iam:PassRole action (Service: AmazonCloudFormation; Status Code: 403; Error Code: AccessDenied; Request ID: <request-id>)`,
  ),
});
