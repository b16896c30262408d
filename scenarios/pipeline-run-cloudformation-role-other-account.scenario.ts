import { defineScenario, handoff, mutations } from '../harness/runner/index.js';
import { CODEPIPELINE_CROSS_ACCOUNT, actionFailure } from './sources.js';

// Configuration.RoleArn names a role in the pipeline account while the action role is in the target account
// (errors.jsonl E086, E067): the deploy role is recreated there and the action pointed at it (UpdatePipeline).
export default defineScenario({
  name: 'pipeline-run-cloudformation-role-other-account',
  title: 'A pipeline run fails when the CloudFormation role is in the pipeline account',
  source: CODEPIPELINE_CROSS_ACCOUNT,
  mutate: [mutations.moveRole({ role: 'deploy', to: 'pipeline-account' })],
  steps: [handoff.runPipeline()],
  expect: actionFailure(
    'Cross-account pass role is not allowed (Service: AmazonCloudFormation; Status Code: 403; Error Code: AccessDenied; Request ID: <request-id>)',
  ),
});
