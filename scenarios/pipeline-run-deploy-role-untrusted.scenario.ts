import { defineScenario, handoff, mutations } from '../harness/runner/index.js';
import { CODEPIPELINE_CROSS_ACCOUNT, actionFailure } from './sources.js';

// CloudFormation cannot assume the deploy role (errors.jsonl E068), shown with the service suffix (E086).
export default defineScenario({
  name: 'pipeline-run-deploy-role-untrusted',
  title: 'A pipeline run fails when the deploy role does not trust CloudFormation',
  source: CODEPIPELINE_CROSS_ACCOUNT,
  mutate: [mutations.removePrincipal({ from: { trustOf: 'deploy' }, principal: { service: 'cloudformation.amazonaws.com' } })],
  steps: [handoff.runPipeline()],
  expect: actionFailure(
    (n) => `Role ${n.deployRoleArn} is invalid or cannot be assumed (Service: AmazonCloudFormation; Status Code: 400; Error Code: ValidationError; Request ID: <request-id>)`,
  ),
});
