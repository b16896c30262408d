import { defineScenario, handoff, mutations } from '../harness/runner/index.js';

// The Chinese Q&A seed: RoleArn of the CloudFormation action points at a role in the pipeline account while the
// action role is in the target account (errors.jsonl E067, E086): the deploy role is recreated in the pipeline
// account and the action pointed at it (UpdatePipeline).
export default defineScenario({
  name: 'cloudformation-role-in-other-account',
  title: 'The CloudFormation deploy role lives in another account than the action role',
  source: { title: 'Q&A: AWS CodePipeline error: cross-account pass role is not allowed (Chinese translation)', seed: '004_4434ac8375d19b60.txt' },
  mutate: [mutations.moveRole({ role: 'deploy', to: 'pipeline-account' })],
  steps: handoff.cloudFormationHandoff(),
  expect: { outcome: 'denied', step: 'deploy-cloudformation', code: 'AccessDenied', status: 403, message: 'Cross-account pass role is not allowed.' },
});
